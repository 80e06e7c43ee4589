package org.fulcrum.server.lawful.request;

import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * What a data or emergency request asks for: the offence investigated and its maximum sentence, the
 * data categories and the period they concern.
 *
 * @param crime the offence investigated
 * @param offenceMaxYears the maximum sentence of that offence, in years
 * @param categories the data asked for
 * @param dateRange the period the data concern
 */
public record DataAsked(
        Optional<String> crime,
        Optional<Integer> offenceMaxYears,
        List<DataCategory> categories,
        Optional<Submission.DateRange> dateRange) {
    public DataAsked {
        crime = Parts.token("crime", crime);
        offenceMaxYears = Parts.opt(offenceMaxYears);
        offenceMaxYears.ifPresent(y -> {
            if (y < 0 || y > 100) {
                throw new InvalidInput("offenceMaxYears", "must be between 0 and 100");
            }
        });
        categories = Parts.list(categories);
        dateRange = Parts.opt(dateRange);
    }

    /** The categories as named, or the kind's usual ones when none is named. */
    public List<String> asked(RequestKind kind) {
        if (!categories.isEmpty()) {
            return categories.stream().map(Enum::name).distinct().toList();
        }
        return switch (kind) {
            case disclose_subscriber_data -> List.of("name", "email", "phone_number", "ip_addresses");
            case disclose_traffic_data -> List.of("traffic_data", "ip_addresses", "session_times");
            case disclose_content -> List.of("content");
            case emergency_disclosure -> List.of("phone_number", "ip_addresses");
            case hand_over_keys -> List.of("encryption_keys");
            case remove_content, restrict_content, block_container, suspend_account, preserve_data -> List.of();
        };
    }
}
