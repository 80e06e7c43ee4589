/**
 * Symmetric primitives the franking scheme is built from, each small enough to read in one sitting:
 * {@link org.fulcrum.franking.crypto.HmacSha256}, {@link org.fulcrum.franking.crypto.Hkdf}
 * (RFC 5869) and {@link org.fulcrum.franking.crypto.CommittingAead}, the key-committing
 * encrypt-then-MAC construction that carries a franked message end to end.
 *
 * <p>Only JDK providers are used (HmacSHA256, AES/CTR/NoPadding).
 */
package org.fulcrum.franking.crypto;
