/**
 * Hash sharing between platforms: a bank an admin publishes serves a signed incremental feed of the
 * hashes added to and removed from it ({@link Publications}, {@link FeedSignature}); a local bank
 * may follow such a feed ({@link Exchanges}: cursor, pinned publisher key, provenance per hash,
 * this platform's opinions); ThreatExchange and HMA signal files are imported ({@link SignalFiles}).
 */
package org.fulcrum.server.exchange;
