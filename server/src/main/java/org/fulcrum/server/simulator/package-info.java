/**
 * The reference messenger simulator: a synthetic platform that streams content events to Fulcrum
 * and applies the enforcement actions it receives, for the demo, tests and benchmarks.
 */
package org.fulcrum.server.simulator;
