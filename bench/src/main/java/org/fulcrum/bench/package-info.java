/** Benchmarks (JMH) and load drivers for the quality bars of the specification; see BENCHMARKS.md. */
package org.fulcrum.bench;
