/**
 * Hash sharing between platforms: a bank an admin publishes serves a signed incremental feed of the
 * hashes added to and removed from it ({@link Publications}, {@link FeedSignature}); a local bank
 * may follow such a feed ({@link Exchanges}: cursor, pinned publisher key; {@link FeedClient} reads
 * a batch, {@link FeedBatch} checks it, {@link SharedHashes} applies it with provenance per hash and
 * keeps this platform's opinions); ThreatExchange and HMA signal files are imported ({@link SignalFiles}).
 */
package org.fulcrum.server.exchange;
