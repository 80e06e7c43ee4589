/**
 * The Fulcrum application. {@link org.fulcrum.server.App} is the one composition root; each
 * sub-package owns one feature (its routes, service, SQL and records) or one shared mechanism
 * (store, web, auth, config).
 */
package org.fulcrum.server;
