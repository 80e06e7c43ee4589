package org.fulcrum.server.config;

/**
 * When the embedded store (SQLite in WAL mode) syncs its commits to disk ({@code store.sync}).
 * PostgreSQL follows its own server's settings.
 */
public enum StoreSync {
    /**
     * Every commit is synced before it is acknowledged, so an acknowledged write survives a power
     * loss as well as a crash of the process. The default, and the only setting for real data.
     */
    full("FULL"),
    /**
     * Commits reach the operating system before they are acknowledged and are synced at checkpoints:
     * an acknowledged write survives a crash of the process (even {@code kill -9}) but not a power
     * loss or a crash of the machine. For test and demonstration servers, whose data may be lost; a
     * server started with it says so in its log.
     */
    normal("NORMAL");

    private final String pragma;

    StoreSync(String pragma) {
        this.pragma = pragma;
    }

    /** The value of SQLite's {@code synchronous} setting. */
    public String pragma() {
        return pragma;
    }
}
