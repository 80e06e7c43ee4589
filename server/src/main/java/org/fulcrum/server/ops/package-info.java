/** Operations: health, readiness, metrics, the OpenAPI document and the outbox view. */
package org.fulcrum.server.ops;
