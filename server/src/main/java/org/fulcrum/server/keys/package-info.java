/**
 * Keys every node of one installation must share: the transparency log's signing key and the key
 * that signs answers to authorities. A node reads them from a configured owner-only secret file or
 * its data folder, and refuses to start when its key is not the one the shared database already
 * holds, so all nodes sign with the same keys.
 */
package org.fulcrum.server.keys;
