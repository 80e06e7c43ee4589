/**
 * Database access: SQLite (embedded default) or PostgreSQL, Flyway migrations with timestamped
 * versions, reads through a pool and writes through one group-committing writer.
 */
package org.fulcrum.server.store;
