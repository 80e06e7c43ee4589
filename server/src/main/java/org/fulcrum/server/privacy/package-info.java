/**
 * Privacy and data lifecycle (SPEC 2.9): retention rules per class of personal data, legal holds
 * that override them, the purge job that deletes what has expired and logs what it purged, and
 * data subject requests (export and erasure) with the reasons a request cannot be honoured.
 */
package org.fulcrum.server.privacy;
