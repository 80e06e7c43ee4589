package org.fulcrum.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.fulcrum.server.config.PasswordCost;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), made at the server's {@link PasswordCost}
 * (the OWASP minimum unless a test or demo server lowers it). A stored hash carries its own
 * parameters, so {@link #verify} needs no cost. Hashing is memory-hard on purpose, so at most one
 * derivation per processor runs at a time: a burst of sign-ins queues instead of exhausting memory.
 */
public final class Passwords {
    private static final int PARALLELISM = 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final Semaphore DERIVING =
            new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

    private final PasswordCost cost;
    private final String current;
    private final String unguessable;

    /** Hashes at {@code cost}; makes the {@link #unguessable} hash at once. */
    public Passwords(PasswordCost cost) {
        this.cost = cost;
        this.current = "$argon2id$v=19$m=" + cost.memoryKb() + ",t=" + cost.iterations() + ",p=" + PARALLELISM + "$";
        this.unguessable = hash(random(24));
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, cost.memoryKb(), cost.iterations(), PARALLELISM, 32);
        return current + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /**
     * The hash of a random password nobody holds, made with this cost: a refusal verifies against
     * it when there is no real hash to check, so it costs the same work as a real check.
     */
    public String unguessable() {
        return unguessable;
    }

    /** Whether a stored hash was made with other parameters than this cost's, so a sign-in should rehash it. */
    public boolean needsRehash(String phc) {
        return phc == null || !phc.startsWith(current);
    }

    /** Checks {@code password} against a stored hash; a malformed hash never matches. */
    public static boolean verify(String password, String phc) {
        try {
            return verifyPhc(password, phc);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static boolean verifyPhc(String password, String phc) {
        String[] parts = phc.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id")) {
            return false;
        }
        int m = 0;
        int t = 0;
        int p = 0;
        for (String kv : parts[3].split(",")) {
            String[] pair = kv.split("=");
            switch (pair[0]) {
                case "m" -> m = Integer.parseInt(pair[1]);
                case "t" -> t = Integer.parseInt(pair[1]);
                case "p" -> p = Integer.parseInt(pair[1]);
                default -> {
                    return false;
                }
            }
        }
        if (m < 8 || m > 1 << 20 || t < 1 || t > 10 || p < 1 || p > 4) {
            return false;
        }
        byte[] salt = B64D.decode(parts[4]);
        byte[] expected = B64D.decode(parts[5]);
        byte[] actual = derive(password, salt, m, t, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int memoryKb, int iterations, int parallelism, int len) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKb)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[len];
        DERIVING.acquireUninterruptibly();
        try {
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            DERIVING.release();
        }
        return out;
    }

    /** A random password of {@code length} characters from an unambiguous alphabet. */
    public static String random(int length) {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
