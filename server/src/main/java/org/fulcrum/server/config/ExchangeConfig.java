package org.fulcrum.server.config;

import java.time.Duration;

/**
 * How this platform follows other platforms' hash feeds.
 *
 * @param poll the time from the end of one pull of every followed feed to the start of the next
 *     ({@code exchange.poll.seconds}, 1 to 86400): a hash added on a publisher is matched here within
 *     about this long after it reaches the publisher's feed
 */
public record ExchangeConfig(Duration poll) {
    /** A pull a minute. */
    public static final ExchangeConfig DEFAULT = new ExchangeConfig(Duration.ofSeconds(60));

    public ExchangeConfig {
        if (poll == null || poll.toMillis() < 1_000 || poll.toSeconds() > 86_400) {
            throw new IllegalArgumentException(
                    "exchange.poll.seconds must be 1 to 86400, was " + (poll == null ? "missing" : poll.toSeconds()));
        }
    }
}
