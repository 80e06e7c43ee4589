package org.fulcrum.server.lawful.signature;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;

/**
 * Reads the public keys legal staff paste or upload, in the forms {@code fulcrum keys new} gives an
 * officer: the whole {@code public-keys.json} (both keys), one public JWK (its curve says its
 * purpose), or the bare base64url {@code x} with a chosen purpose. A private key is refused: the
 * officer keeps it.
 */
public final class KeyPaste {
    public static final int MAX_CHARS = 8_192;

    /** One key to register. */
    public record Key(String purpose, String x) {}

    private KeyPaste() {}

    /** The keys in {@code text}, JSON read with {@code json}; {@code purpose} says what a bare key is for. */
    public static List<Key> read(String text, Optional<String> purpose, Json json) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new FulcrumException.InvalidInput(
                    "publicKey",
                    "paste the officer's public-keys.json, a public JWK or" + " the key's x value, or choose the file");
        }
        if (t.length() > MAX_CHARS) {
            throw new FulcrumException.InvalidInput("publicKey", "must be at most " + MAX_CHARS + " characters");
        }
        if (!t.startsWith("{")) {
            String p = purpose.orElseThrow(() ->
                    new FulcrumException.InvalidInput("purpose", "choose whether the bare key signs or encrypts"));
            return List.of(new Key(p, t));
        }
        JsonNode pasted;
        try {
            pasted = json.tree(t);
        } catch (java.io.IOException e) {
            throw new FulcrumException.InvalidInput("publicKey", "is not valid JSON");
        }
        List<Key> keys = new ArrayList<>();
        if (pasted.has("signing") || pasted.has("encryption")) {
            if (pasted.has("signing")) {
                keys.add(jwk(pasted.get("signing")));
            }
            if (pasted.has("encryption")) {
                keys.add(jwk(pasted.get("encryption")));
            }
        } else {
            keys.add(jwk(pasted));
        }
        purpose.ifPresent(p -> {
            if (keys.size() == 1 && !keys.get(0).purpose().equals(p)) {
                throw new FulcrumException.InvalidInput(
                        "purpose", "the key's curve makes it a " + keys.get(0).purpose() + " key, not " + p);
            }
        });
        return keys;
    }

    private static Key jwk(JsonNode k) {
        if (k.has("d")) {
            throw new FulcrumException.InvalidInput(
                    "publicKey", "this is a private key; the officer keeps it and" + " sends only public-keys.json");
        }
        String crv = k.path("crv").asText();
        String x = k.path("x").asText();
        if (x.isEmpty()) {
            throw new FulcrumException.InvalidInput("publicKey", "the JWK has no x");
        }
        return switch (crv) {
            case Jwk.ED25519 -> new Key("sign", x);
            case Jwk.X25519 -> new Key("encrypt", x);
            default ->
                throw new FulcrumException.InvalidInput(
                        "publicKey", "crv must be Ed25519 (signing) or X25519" + " (encryption)");
        };
    }
}
