package org.fulcrum.server.config;

/**
 * How much work hashing one password takes ({@code auth.password.cost}). Stored hashes carry their
 * own parameters, so a hash made at either cost verifies under both, and a sign-in rehashes a
 * password whose hash was made at another cost than the server's.
 */
public enum PasswordCost {
    /** Argon2id with the OWASP minimum: 19 MiB of memory, two passes. The default, and the only cost for real accounts. */
    standard(19_456, 2),
    /**
     * Argon2id with 64 KiB and one pass: for test and demonstration servers that hold no real
     * account, where thousands of sign-ins would otherwise spend minutes of CPU. A server started
     * with it says so in its log.
     */
    minimal(64, 1);

    private final int memoryKb;
    private final int iterations;

    PasswordCost(int memoryKb, int iterations) {
        this.memoryKb = memoryKb;
        this.iterations = iterations;
    }

    public int memoryKb() {
        return memoryKb;
    }

    public int iterations() {
        return iterations;
    }
}
