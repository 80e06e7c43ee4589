package org.fulcrum.server.lawful.request;

import org.fulcrum.server.policy.MeasureKind;

/** What a request asks for (SPEC 2.5). */
public enum RequestKind {
    remove_content(MeasureKind.remove),
    restrict_content(MeasureKind.geo_restrict),
    block_container(MeasureKind.block),
    suspend_account(MeasureKind.suspend),
    preserve_data(MeasureKind.preserve),
    disclose_subscriber_data(MeasureKind.disclose),
    disclose_traffic_data(MeasureKind.disclose),
    disclose_content(MeasureKind.disclose),
    hand_over_keys(MeasureKind.none),
    emergency_disclosure(MeasureKind.disclose);

    private final MeasureKind measure;

    RequestKind(MeasureKind measure) {
        this.measure = measure;
    }

    public MeasureKind measure() {
        return measure;
    }

    /** Whether the kind restricts content, a container or an account. */
    public boolean restricts() {
        return switch (measure) {
            case remove, geo_restrict, block, suspend -> true;
            case preserve, disclose, none -> false;
        };
    }

    /** Whether the kind discloses personal data. */
    public boolean discloses() {
        return measure == MeasureKind.disclose;
    }

    /** Whether the targets are accounts (data requests, suspensions) rather than content locators. */
    public boolean targetsAccounts() {
        return switch (this) {
            case suspend_account,
                    preserve_data,
                    disclose_subscriber_data,
                    disclose_traffic_data,
                    disclose_content,
                    emergency_disclosure -> true;
            case remove_content, restrict_content, block_container, hand_over_keys -> false;
        };
    }
}
