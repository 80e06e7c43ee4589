/**
 * The Fulcrum application. {@link org.fulcrum.server.App} is the one composition root: it composes
 * the node's {@link org.fulcrum.server.Module}s (this package), which build, start and close the
 * services of the sub-packages; each sub-package owns one feature (its routes, service, SQL and
 * records) or one shared mechanism (store, web, auth, config).
 */
package org.fulcrum.server;
