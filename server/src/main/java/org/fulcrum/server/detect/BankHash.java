package org.fulcrum.server.detect;

import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * One hash in a bank. The type may be left out for a bare hash whose length says it (32 hex digits
 * MD5, 64 PDQ); SHA-256 must be named. The stored form is lower-case hex.
 *
 * @param hash the hash in hex
 * @param type pdq, md5 or sha256
 * @param label what it is (a programme's category or case reference), at most 200 characters
 * @param source where it came from (a hash-sharing programme, a case), at most 200 characters
 */
public record BankHash(String hash, Optional<HashType> type, Optional<String> label, Optional<String> source) {
    public BankHash {
        type = Fields.opt(type);
        if (hash == null || hash.isBlank()) {
            throw new InvalidInput("hash", "is required");
        }
        String given = hash;
        HashType t = type.orElseGet(() -> HashType.byLength("hash", given));
        hash = t.normalise("hash", hash);
        type = Optional.of(t);
        label = Fields.text("label", label, 200);
        source = Fields.text("source", source, 200);
        label.ifPresent(l -> noNewline("label", l));
        source.ifPresent(s -> noNewline("source", s));
    }

    private static void noNewline(String field, String v) {
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            throw new InvalidInput(field, "must be one line");
        }
    }

    public HashType hashType() {
        return type.orElseThrow();
    }

    /** The key of this hash within its bank. */
    public String key() {
        return hashType().name() + ":" + hash;
    }
}
