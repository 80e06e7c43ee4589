package org.fulcrum.server.platform;

import java.time.Instant;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A subject's enforcement state. Facets are independent: a post can be geo-restricted in two
 * countries and labelled; an account can be suspended and under legal hold.
 *
 * @param visibility visible, removed, disabled or blocked (channels and groups)
 * @param restrictedCountries countries where the subject is withheld
 * @param labels labels shown with the subject
 * @param demoted whether ranking demotes it
 * @param accountStatus active, suspended or terminated (accounts)
 * @param suspendedUntil end of a suspension
 * @param holdUntil end of a legal hold (preservation)
 */
public record EnforcementState(
        Visibility visibility,
        SortedSet<String> restrictedCountries,
        SortedSet<String> labels,
        boolean demoted,
        AccountStatus accountStatus,
        Optional<Instant> suspendedUntil,
        Optional<Instant> holdUntil) {

    /** Whether readers can see the subject at all. */
    public enum Visibility {
        visible,
        removed,
        disabled,
        blocked
    }

    /** An account's standing. */
    public enum AccountStatus {
        active,
        suspended,
        terminated
    }

    public EnforcementState {
        restrictedCountries = new TreeSet<>(restrictedCountries);
        labels = new TreeSet<>(labels);
    }

    public static EnforcementState initial() {
        return new EnforcementState(
                Visibility.visible,
                new TreeSet<>(),
                new TreeSet<>(),
                false,
                AccountStatus.active,
                Optional.empty(),
                Optional.empty());
    }

    public boolean underHold(Instant now) {
        return holdUntil.map(now::isBefore).orElse(false);
    }

    static String join(SortedSet<String> values) {
        return String.join(",", values);
    }

    static SortedSet<String> split(String csv) {
        TreeSet<String> out = new TreeSet<>();
        if (csv != null && !csv.isBlank()) {
            for (String s : csv.split(",")) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
