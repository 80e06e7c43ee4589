package org.fulcrum.server.policy;

import java.util.List;
import java.util.Objects;

/**
 * What policy allows to be done to one target.
 *
 * @param target the target's reference (a subject id or an account id)
 * @param kind the measure
 * @param countries for geo-restrictions, where
 * @param categories for disclosures, the data categories that may be disclosed
 */
public record Measure(String target, MeasureKind kind, List<String> countries, List<String> categories) {
    public Measure {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        countries = countries == null ? List.of() : List.copyOf(countries);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }
}
