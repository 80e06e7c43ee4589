/** Configuration: the {@link org.fulcrum.server.config.Config} record and how it is loaded. */
package org.fulcrum.server.config;
