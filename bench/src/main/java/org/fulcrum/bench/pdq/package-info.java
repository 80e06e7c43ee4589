/**
 * JMH benchmarks for PDQ: hashing decoded images of 1600x1004 and 4032x3024 pixels, and matching
 * at distance 31 with the multi-index against brute force over 1M-10M hashes (uniform random with
 * planted near-duplicates, as Meta's benchmark-query builds them, and a clustered set).
 */
package org.fulcrum.bench.pdq;
