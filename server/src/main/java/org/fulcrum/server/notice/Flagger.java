package org.fulcrum.server.notice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * A trusted flagger (DSA Art. 22): an organisation designated by a Digital Services Coordinator,
 * with the areas (DSA categories) in which its notices take the priority lane.
 *
 * @param id the registry id, the owner of the flagger's API tokens
 * @param name the organisation
 * @param expertise the categories of its designation
 * @param designatedBy the body that designated it (a Digital Services Coordinator)
 * @param country where it is established
 * @param contactEmail where the platform writes to it
 * @param status whether its notices are accepted
 * @param createdAt when it was registered
 */
public record Flagger(
        String id,
        String name,
        Set<DsaCategory> expertise,
        String designatedBy,
        Optional<String> country,
        Optional<String> contactEmail,
        Status status,
        Instant createdAt) {

    /** Whether the flagger's notices are accepted. */
    public enum Status {
        active,
        suspended,
        revoked
    }

    public Flagger {
        expertise = Set.copyOf(expertise);
    }

    public boolean covers(DsaCategory category) {
        return expertise.contains(category);
    }

    /**
     * What an admin enters to register a flagger.
     *
     * @param name the organisation, 1-200 characters
     * @param expertise 1 to 16 DSA categories
     * @param designatedBy the designating body, 1-200 characters
     * @param country ISO 3166-1 alpha-2
     * @param contactEmail an e-mail address
     */
    public record Registration(
            String name,
            List<DsaCategory> expertise,
            String designatedBy,
            Optional<String> country,
            Optional<String> contactEmail) {
        public Registration {
            name = required("name", name, 200);
            if (expertise == null || expertise.isEmpty() || expertise.size() > DsaCategory.values().length) {
                throw new InvalidInput("expertise", "name 1 to " + DsaCategory.values().length + " categories");
            }
            if (expertise.contains(null)) {
                throw new InvalidInput("expertise", "must not contain null");
            }
            expertise = List.copyOf(new TreeSet<>(expertise));
            designatedBy = required("designatedBy", designatedBy, 200);
            country = country == null ? Optional.empty() : country;
            country.ifPresent(c -> Check.country("country", c));
            contactEmail = contactEmail == null ? Optional.empty() : contactEmail;
            contactEmail.ifPresent(
                    e -> new NoticeSubmission.Notifier(Optional.empty(), Optional.of(e), Optional.empty()));
        }

        private static String required(String field, String value, int max) {
            if (value == null || value.isBlank()) {
                throw new InvalidInput(field, "is required");
            }
            return Check.text(field, value.strip(), max);
        }
    }

    /**
     * How a flagger's notices turned out: the accuracy the flagger and the platform both see.
     *
     * @param notices notices sent
     * @param items items named in them
     * @param founded items on which the platform acted
     * @param unfounded items found not to breach law or terms
     * @param pending items not decided yet
     * @param accuracy founded / (founded + unfounded), or empty before the first decision
     */
    public record Accuracy(
            long notices, long items, long founded, long unfounded, long pending, Optional<Double> accuracy) {}
}
