/** Video hashing (vPDQ) throughput: decode and PDQ per frame, on one core. */
package org.fulcrum.bench.video;
