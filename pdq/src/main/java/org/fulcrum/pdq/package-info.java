/**
 * PDQ perceptual hashing and Hamming-distance matching, with no dependency beyond the JDK.
 *
 * <p>The package owns three things: the PDQ algorithm itself ({@link org.fulcrum.pdq.PdqHasher},
 * bit-exact with Meta's C++ reference core, including quality and the eight dihedral hashes);
 * decoding image bytes into the pixels that algorithm expects ({@link org.fulcrum.pdq.ImageDecoder},
 * with size limits checked before decoding); and exact matching of 256-bit hashes within a Hamming
 * distance ({@link org.fulcrum.pdq.HashIndex}, implemented by a multi-index hash table and by a
 * linear scan that serves as baseline and oracle). {@link org.fulcrum.pdq.Pdq} is the small entry
 * point that command-line tools and the server call; failures are {@link org.fulcrum.pdq.PdqException}s.
 */
package org.fulcrum.pdq;
