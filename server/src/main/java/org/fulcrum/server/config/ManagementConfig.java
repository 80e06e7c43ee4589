package org.fulcrum.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where operators read the server's metrics. With a {@code port}, {@code /metrics} is served only on
 * that separate address ({@code host}, loopback unless set) and the public port no longer answers
 * it; with a {@code metricsToken}, {@code /metrics} on the public port needs
 * {@code Authorization: Bearer <token>}.
 *
 * @param host address of the management listener
 * @param port port of the management listener (0 picks a free one); empty for none
 * @param metricsToken the bearer token {@code /metrics} on the public port requires; empty for none
 */
public record ManagementConfig(String host, Optional<Integer> port, Optional<String> metricsToken) {
    /** No management listener, no token: {@code /metrics} on the public port, as before. */
    public static final ManagementConfig DEFAULT =
            new ManagementConfig("127.0.0.1", Optional.empty(), Optional.empty());

    public ManagementConfig {
        Objects.requireNonNull(host, "host");
        port = port == null ? Optional.empty() : port;
        metricsToken = metricsToken == null ? Optional.empty() : metricsToken;
        if (port.isPresent() && (port.get() < 0 || port.get() > 65535)) {
            throw new IllegalArgumentException("management.port must be 0..65535, was " + port.get());
        }
        if (metricsToken.isPresent() && metricsToken.get().length() < 16) {
            throw new IllegalArgumentException("metrics.token must have at least 16 characters");
        }
    }
}
