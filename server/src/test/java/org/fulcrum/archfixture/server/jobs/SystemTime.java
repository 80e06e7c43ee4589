package org.fulcrum.archfixture.server.jobs;

/** The time source, which alone may read the system clock. */
public final class SystemTime {
    public long millis() {
        return System.currentTimeMillis();
    }
}
