package org.fulcrum.server.config;

import java.time.Duration;

/**
 * How franked reports from E2E chats are judged ({@code POST /v1/notices/e2e}).
 *
 * @param maxStampAge how long after the relay stamped a message it can still be reported
 *     ({@code franking.max.stamp.age.days})
 * @param acceptVersion1 whether version 1 reports, whose stamp binds no recipient, are still accepted
 *     ({@code franking.accept.version1}); turn it off once every registered relay stamps version 2
 */
public record FrankingConfig(Duration maxStampAge, boolean acceptVersion1) {
    /** 30 days, both versions. */
    public static final FrankingConfig DEFAULT = new FrankingConfig(Duration.ofDays(30), true);

    public FrankingConfig {
        if (maxStampAge == null
                || maxStampAge.compareTo(Duration.ofDays(1)) < 0
                || maxStampAge.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("franking.max.stamp.age.days must be 1 to 3650 days, was "
                    + (maxStampAge == null ? "missing" : maxStampAge.toDays()));
        }
    }
}
