/** The picocli commands behind {@code ./fulcrum}. */
package org.fulcrum.server.cli;
