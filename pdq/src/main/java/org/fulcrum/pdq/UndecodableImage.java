package org.fulcrum.pdq;

/** The bytes are not an image in a supported format, or the image data is corrupt or truncated. */
public final class UndecodableImage extends PdqException {
    public UndecodableImage(String message) {
        super(message);
    }

    public UndecodableImage(String message, Throwable cause) {
        super(message, cause);
    }
}
