package org.fulcrum.pdq;

import java.nio.file.Path;

/**
 * The entry points the command-line tools and the server use: hash an image file or image bytes
 * (decoded as the C++ reference's decoder would see them, within {@link DecodeLimits}), parse a
 * hash, read a bank file. Stateless; every method is safe to call from any thread.
 */
public final class Pdq {
    private Pdq() {}

    /** Hashes an image file within {@link DecodeLimits#DEFAULT}. */
    public static PdqResult hashFile(Path file) {
        return hashFile(file, DecodeLimits.DEFAULT);
    }

    /**
     * Hashes an image file (JPEG, PNG, GIF, BMP or TIFF; first frame).
     *
     * @throws UnreadableInput  if the file cannot be read
     * @throws ImageTooLarge    if the file or the image it declares exceeds {@code limits}
     * @throws UndecodableImage if the bytes are not a complete image in a supported format
     */
    public static PdqResult hashFile(Path file, DecodeLimits limits) {
        return new PdqHasher().hash(new ImageDecoder(limits).decode(file));
    }

    /** Hashes encoded image bytes within {@link DecodeLimits#DEFAULT}. */
    public static PdqResult hashBytes(byte[] encoded) {
        return hashBytes(encoded, DecodeLimits.DEFAULT);
    }

    /** Hashes encoded image bytes; failures as for {@link #hashFile(Path, DecodeLimits)}. */
    public static PdqResult hashBytes(byte[] encoded, DecodeLimits limits) {
        return new PdqHasher().hash(new ImageDecoder(limits).decode(encoded));
    }

    /** Parses the 64-hex-digit text form; throws {@link MalformedHash} otherwise. */
    public static PdqHash parseHash(String hex) {
        return PdqHash.fromHex(hex.strip());
    }

    /** Reads a bank file: hex per line, or CSV with the hash first (see {@link BankFile}). */
    public static BankFile readBank(Path file) {
        return BankFile.read(file);
    }
}
