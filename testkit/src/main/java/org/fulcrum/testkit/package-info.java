/**
 * Test support shared by every module's tests: property checks over seeded random cases in plain
 * JUnit. Used in test scope only; nothing here ships with the libraries or the server.
 */
package org.fulcrum.testkit;
