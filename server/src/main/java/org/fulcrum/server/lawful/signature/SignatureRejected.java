package org.fulcrum.server.lawful.signature;

import org.fulcrum.server.core.FulcrumException;

/**
 * A lawful request refused before anything of it is stored (a signature that does not hold, or a
 * sender filing outside its remit), with the reason that the problem answer names. Every one is
 * kept as a rejection record and counted in the transparency report.
 */
public final class SignatureRejected extends FulcrumException {
    private final Reason reason;

    public SignatureRejected(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public int status() {
        return reason.status();
    }

    @Override
    public String problemType() {
        return reason.slug();
    }

    @Override
    public String title() {
        return reason.title();
    }

    /** A 401 tells the sender how to sign (RFC 9421 {@code Accept-Signature}). */
    @Override
    public java.util.Map<String, String> headers() {
        return reason.status() == 401
                ? java.util.Map.of("Accept-Signature", HttpSignatures.ACCEPT_SIGNATURE)
                : java.util.Map.of();
    }

    /** Why a signature was rejected; each is a problem type of its own. */
    public enum Reason {
        MISSING(401, "signature-missing", "Request is not signed"),
        MALFORMED(401, "signature-malformed", "Signature headers are malformed"),
        INCOMPLETE(401, "signature-incomplete", "Signature does not cover what it must"),
        UNKNOWN_KEY(401, "unknown-key", "Signing key is not registered"),
        REVOKED_KEY(401, "revoked-key", "Signing key was revoked"),
        EXPIRED(401, "signature-expired", "Signature is too old"),
        FROM_THE_FUTURE(401, "signature-from-the-future", "Signature is dated in the future"),
        DIGEST_MISMATCH(400, "content-digest-mismatch", "Body does not match its Content-Digest"),
        BAD_SIGNATURE(401, "bad-signature", "Signature does not verify"),
        WRONG_TARGET(401, "wrong-target", "Signature was made for another deployment"),
        REPLAYED(401, "replayed-nonce", "Nonce was already used"),
        OFFICER_INACTIVE(403, "officer-inactive", "Officer may not submit requests"),
        JURISDICTION_NOT_COVERED(403, "jurisdiction-not-covered", "Agency does not act for that jurisdiction");

        private final int status;
        private final String slug;
        private final String title;

        Reason(int status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String slug() {
            return slug;
        }

        public String title() {
            return title;
        }

        /** The reason a problem type's slug names, if any. */
        public static java.util.Optional<Reason> ofSlug(String slug) {
            return java.util.Arrays.stream(values())
                    .filter(r -> r.slug.equals(slug))
                    .findFirst();
        }
    }
}
