package org.fulcrum.franking;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The relay public keys a verifier trusts, by key id. The server backs it with its configuration
 * or database; {@link #of} gives a fixed one.
 */
public interface RelayKeyRegistry {

    /** The key registered under {@code id}, if any, including retired and revoked keys. */
    Optional<RelayKey> find(RelayKeyId id);

    /** A fixed registry of {@code keys}; ids must be distinct. */
    static RelayKeyRegistry of(Collection<RelayKey> keys) {
        Map<RelayKeyId, RelayKey> byId = keys.stream()
                .collect(Collectors.toUnmodifiableMap(RelayKey::id, Function.identity(), (a, b) -> {
                    throw new IllegalArgumentException("relay key id registered twice: " + a.id());
                }));
        return id -> Optional.ofNullable(byId.get(id));
    }

    /** A fixed registry of {@code keys}; ids must be distinct. */
    static RelayKeyRegistry of(RelayKey... keys) {
        return of(Arrays.asList(keys));
    }
}
