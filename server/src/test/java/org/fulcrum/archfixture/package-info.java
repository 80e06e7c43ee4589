/**
 * Classes that break each architecture rule on purpose, laid out like the real modules under a root
 * of their own: {@code ArchitectureTest} checks that every rule reports them. Test code only.
 */
package org.fulcrum.archfixture;
