/**
 * Keys every node of one installation must share: the transparency log's signing key and the key
 * that signs answers to authorities. A node reads them from a configured owner-only secret file or
 * its data folder, and refuses to start when its key is not the one the shared database already
 * holds, so all nodes sign with the same keys. {@link org.fulcrum.server.keys.Ed25519} is the server's
 * one Ed25519 helper (key parsing, signing, verifying) for every feature that signs or checks.
 */
package org.fulcrum.server.keys;
