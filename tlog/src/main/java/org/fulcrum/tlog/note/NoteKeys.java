package org.fulcrum.tlog.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.fulcrum.tlog.MalformedInput;
import org.fulcrum.tlog.merkle.Rfc6962;

/**
 * Key names, key IDs and the text encodings of keys.
 *
 * <ul>
 *   <li>verifier key: {@code <name>+<8 hex digits key ID>+<base64(type || 32-byte public key)>};
 *   <li>signer key: {@code PRIVATE+KEY+<name>+<key ID>+<base64(type || 32-byte seed)>}, whose key
 *       ID is that of the matching public key;
 *   <li>key ID: the first four bytes, big-endian, of {@code SHA-256(name || 0x0A || type || public
 *       key)}.
 * </ul>
 */
public final class NoteKeys {

    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";
    private static final HexFormat HEX = HexFormat.of();

    private NoteKeys() {}

    /** Parses a verifier key of type Ed25519 or cosignature/v1. */
    public static NoteVerifier parseVerifier(String vkey) {
        Parsed key = parse(vkey, "verifier key");
        if (key.keyId != keyId(key.name, key.type, key.material)) {
            throw new MalformedInput("verifier key ID does not match its key");
        }
        try {
            return switch (key.type) {
                case ED25519 -> new Ed25519NoteVerifier(key.name, Ed25519.publicKey(key.material), key.material);
                case COSIGNATURE_V1 -> new CosignatureVerifier(key.name, Ed25519.publicKey(key.material), key.material);
            };
        } catch (GeneralSecurityException e) {
            throw new MalformedInput("verifier key is not an Ed25519 public key", e);
        }
    }

    /**
     * Parses a signer key. Cosignature signers take their timestamps from {@code clock}; plain
     * Ed25519 signers ignore it.
     */
    public static NoteSigner parseSigner(String skey, Clock clock) {
        if (!skey.startsWith(PRIVATE_PREFIX)) {
            throw new MalformedInput("signer key must start with " + PRIVATE_PREFIX);
        }
        Parsed key = parse(skey.substring(PRIVATE_PREFIX.length()), "signer key");
        NoteSigner signer = switch (key.type) {
            case ED25519 -> new Ed25519NoteSigner(key.name, key.material);
            case COSIGNATURE_V1 -> new CosignatureSigner(key.name, key.material, clock);
        };
        if (signer.keyId() != key.keyId) {
            throw new MalformedInput("signer key ID does not match its key");
        }
        return signer;
    }

    /** Whether {@code name} is a valid key name: non-empty, without Unicode spaces or '+'. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('+') >= 0) {
            return false;
        }
        return name.codePoints()
                .noneMatch(cp -> Character.isWhitespace(cp)
                        || Character.isSpaceChar(cp)
                        || cp == 0x85
                        || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }

    /** Key ID of a public key of the given type. */
    public static int keyId(String name, KeyType type, byte[] publicKey) {
        byte[] hash = Rfc6962.sha256(name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', type.id()}, publicKey);
        return ByteBuffer.wrap(hash, 0, 4).getInt();
    }

    static String verifierKey(String name, KeyType type, byte[] publicKey) {
        return encode(name, keyId(name, type, publicKey), type, publicKey);
    }

    static String signerKey(String name, int keyId, KeyType type, byte[] seed) {
        return PRIVATE_PREFIX + encode(name, keyId, type, seed);
    }

    static void requireValidName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid key name: " + name);
        }
    }

    private static String encode(String name, int keyId, KeyType type, byte[] material) {
        byte[] typed = new byte[material.length + 1];
        typed[0] = type.id();
        System.arraycopy(material, 0, typed, 1, material.length);
        return name + "+" + HEX.toHexDigits(keyId) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    private static Parsed parse(String text, String what) {
        // The base64 key may itself contain '+'; name and key ID cannot.
        int first = text.indexOf('+');
        int second = first < 0 ? -1 : text.indexOf('+', first + 1);
        String[] parts = second < 0
                ? new String[0]
                : new String[] {text.substring(0, first), text.substring(first + 1, second), text.substring(second + 1)
                };
        if (parts.length != 3
                || !isValidName(parts[0])
                || parts[1].length() != 8
                || !parts[1].chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new MalformedInput(what + " must be name+hexID+base64key");
        }
        byte[] typed = decodeBase64(parts[2], what);
        KeyType type = typed.length == 0 ? null : KeyType.of(typed[0]);
        if (type == null) {
            throw new MalformedInput(what + " has an unsupported key type");
        }
        if (typed.length != 1 + Ed25519.KEY_SIZE) {
            throw new MalformedInput(what + " must hold 32 bytes of Ed25519 key");
        }
        byte[] material = Arrays.copyOfRange(typed, 1, typed.length);
        return new Parsed(parts[0], (int) Long.parseLong(parts[1], 16), type, material);
    }

    /** Strict standard base64: padded, canonical, nothing else. */
    static byte[] decodeBase64(String text, String what) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
                throw new MalformedInput(what + " is not canonical padded base64");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new MalformedInput(what + " is not base64", e);
        }
    }

    private record Parsed(String name, int keyId, KeyType type, byte[] material) {}
}
