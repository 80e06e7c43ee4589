/**
 * Benchmarks of the transparency log: proof generation and verification over a 10-million-entry
 * log held in memory, and appending leaves through a {@code Frontier}.
 */
package org.fulcrum.bench.tlog;
