/** Load drivers for lawful requests: order-to-enforcement latency of signed TCO removal orders. */
package org.fulcrum.bench.lawful;
