/**
 * Cluster mode's Kafka side: enforcement actions published to a topic keyed by subject id (the
 * outbox's transport in a cluster), and content events consumed from a topic into
 * {@code platform.EventIngest}, with a dead-letter topic for records that cannot be ingested. The
 * outbox table stays the source of truth; Kafka is how its records travel.
 */
package org.fulcrum.server.cluster;
