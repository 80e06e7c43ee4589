/**
 * Transparency: the Merkle log writer (entries, commitments, stored hashes, signed checkpoints,
 * tiles, proofs), secrecy-order sealing and reveals, and later the reports computed from it.
 */
package org.fulcrum.server.transparency;
