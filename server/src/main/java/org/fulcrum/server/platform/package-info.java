/**
 * Platform integration: subjects and their enforcement state, the content-event API, the one
 * enforcement path, and the transactional outbox that tells the platform about every change.
 */
package org.fulcrum.server.platform;
