package org.fulcrum.pdq;

/**
 * What hashing one image yields: the hash, its quality (0..100; the reference suggests treating
 * hashes below 50 as unreliable), the eight dihedral hashes, and the pixel size that was hashed.
 */
public record PdqResult(PdqHash hash, int quality, DihedralHashes dihedral, int width, int height) {}
