package org.fulcrum.pdq;

/** Text that should hold a PDQ hash (64 hexadecimal digits) does not. */
public final class MalformedHash extends PdqException {
    public MalformedHash(String message) {
        super(message);
    }
}
