package org.fulcrum.server.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fulcrum.server.keys.SecretFile;
import org.fulcrum.server.keys.SharedKeys;
import org.fulcrum.server.keys.StartRefused;
import org.fulcrum.server.store.DataFolder;
import org.fulcrum.server.store.Database;

/**
 * The AES-256 key under which preserved media are kept (AES-GCM, a random 96-bit nonce per item,
 * the item's id and subject as associated data, so a sealed item cannot be passed off as another).
 * Every node of one database must hold the same key, or media one node preserved could not be shown
 * by another: the key is read from the configured secret file ({@code evidence.key.file}) or
 * {@code <data>/keys/evidence.key} (owner-only), made only when the database has recorded no
 * evidence key yet, and checked against the fingerprint the database recorded; a node with another
 * key refuses to start, having written nothing.
 */
public final class EvidenceKey {
    static final String SETTING = "evidence.key.file (FULCRUM_EVIDENCE_KEY_FILE)";
    /** The purpose under which the key's fingerprint is recorded. */
    public static final String PURPOSE = "evidence";

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String fingerprint;
    private final SecureRandom random = new SecureRandom();

    EvidenceKey(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("an evidence key is " + KEY_BYTES + " bytes, not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.fingerprint = fingerprint(raw);
    }

    /** This node's evidence key, agreed with the database. */
    public static EvidenceKey forNode(Path dataDir, Optional<Path> keyFile, Database db, Clock clock) {
        Path file = dataDir.resolve("keys").resolve("evidence.key");
        Optional<String> recorded = SharedKeys.recorded(db, PURPOSE);
        EvidenceKey key;
        boolean fresh = false;
        if (keyFile.isPresent()) {
            key = parse(SecretFile.read(keyFile.get(), SETTING), keyFile.get().toString());
        } else if (Files.exists(file)) {
            key = parse(SecretFile.read(file, "the evidence key"), file.toString());
        } else if (recorded.isPresent()) {
            throw new StartRefused("no evidence key, but the database already holds media preserved under the key "
                    + recorded.get() + "; put that shared key in " + file + " or name its file with " + SETTING);
        } else {
            byte[] raw = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(raw);
            key = new EvidenceKey(raw);
            fresh = true;
        }
        String agreed = SharedKeys.agree(db, PURPOSE, key.fingerprint(), clock);
        if (!agreed.equals(key.fingerprint())) {
            throw new StartRefused("the evidence key " + key.fingerprint() + " is not the key " + agreed
                    + " the database recorded for preserved media; give every node the same key (" + SETTING + ")");
        }
        if (fresh) {
            DataFolder.ensure(file.getParent());
            DataFolder.writeSecret(file, Base64.getEncoder().encodeToString(key.key.getEncoded()) + "\n");
        }
        return key;
    }

    private static EvidenceKey parse(String text, String where) {
        try {
            return new EvidenceKey(Base64.getDecoder().decode(text.trim()));
        } catch (IllegalArgumentException e) {
            throw new StartRefused(
                    "the evidence key in " + where + " is not " + KEY_BYTES + " bytes in base64: " + e.getMessage());
        }
    }

    /** The key's public fingerprint: {@code sha256:} and the first 16 bytes of a hash of the key, in hex. */
    static String fingerprint(byte[] raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("fulcrum evidence key\n".getBytes(StandardCharsets.US_ASCII));
            byte[] d = sha.digest(raw);
            return "sha256:" + HexFormat.of().formatHex(d, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** {@code plaintext} sealed: the nonce, then the ciphertext with its tag. */
    public byte[] seal(byte[] plaintext, String associated) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext of {@code sealed}; empty when it fails to authenticate (another key, or tampered). */
    public Optional<byte[]> open(byte[] sealed, String associated) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return Optional.of(c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
        } catch (javax.crypto.AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
