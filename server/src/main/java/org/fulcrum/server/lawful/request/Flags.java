package org.fulcrum.server.lawful.request;

/**
 * The anomaly flags a request may carry (SPEC 2.5 defences against forged requests), as they are
 * stored with it: raised at intake by {@code registry.Anomalies}, read by the caps on automatic
 * execution and by the review queue.
 */
public final class Flags {
    public static final String NEW_OFFICER = "new_officer";
    public static final String NEW_KEY = "new_key";
    public static final String UNUSUAL_VOLUME = "unusual_volume";
    public static final String LOW_REPUTATION = "low_reputation";
    public static final String UNVERIFIED_SENDER = "unverified_sender";
    public static final String FORGED = "forged";

    private Flags() {}
}
