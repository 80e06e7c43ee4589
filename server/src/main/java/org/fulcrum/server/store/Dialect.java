package org.fulcrum.server.store;

/** The two SQL databases Fulcrum runs on. Most SQL is shared; migrations have a folder per dialect. */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRES("postgres");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The classpath folder of this dialect's own migrations. */
    public String migrationFolder() {
        return "db/migration/" + folder;
    }
}
