/** Load driver for the enforcement outbox: a takedown burst until the platform received everything. */
package org.fulcrum.bench.outbox;
