package org.fulcrum.server.lawful;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Anomaly flags raised at intake, shown to reviewers with the request (SPEC 2.5 defences against
 * forged requests). Some also stop automatic execution (see {@link Caps}).
 */
final class Anomalies {
    static final String NEW_OFFICER = "new_officer";
    static final String NEW_KEY = "new_key";
    static final String UNUSUAL_VOLUME = "unusual_volume";
    static final String JURISDICTION_NOT_COVERED = "jurisdiction_not_covered";
    static final String LOW_REPUTATION = "low_reputation";
    static final String UNVERIFIED_SENDER = "unverified_sender";
    static final String FORGED = "forged";

    static final Duration NEW_OFFICER_PERIOD = Duration.ofDays(30);
    static final Duration NEW_KEY_PERIOD = Duration.ofDays(7);

    private Anomalies() {
    }

    /** Who sent a request, as intake knows it. */
    record Sender(Lane lane, Optional<String> agencyId, Optional<String> officerId, Optional<String> keyId,
                  Optional<String> enteredBy, Verification verification) {
    }

    static List<String> flags(Handle h, Sender sender, Submission s, LawfulSettings settings, Instant now) {
        List<String> flags = new ArrayList<>();
        if (!sender.verification().trusted()) {
            flags.add(UNVERIFIED_SENDER);
        }
        sender.officerId().ifPresent(o -> {
            long created = h.createQuery("SELECT created_at FROM officer WHERE id = :o").bind("o", o)
                    .mapTo(Long.class).one();
            int earlier = h.createQuery("SELECT COUNT(*) FROM lawful_request WHERE officer_id = :o").bind("o", o)
                    .mapTo(Integer.class).one();
            if (earlier == 0 || now.toEpochMilli() - created < NEW_OFFICER_PERIOD.toMillis()) {
                flags.add(NEW_OFFICER);
            }
        });
        sender.keyId().ifPresent(k -> {
            long created = h.createQuery("SELECT created_at FROM officer_key WHERE key_id = :k").bind("k", k)
                    .mapTo(Long.class).one();
            int earlier = h.createQuery("SELECT COUNT(*) FROM lawful_request WHERE key_id = :k").bind("k", k)
                    .mapTo(Integer.class).one();
            if (earlier == 0 || now.toEpochMilli() - created < NEW_KEY_PERIOD.toMillis()) {
                flags.add(NEW_KEY);
            }
        });
        sender.agencyId().ifPresent(a -> {
            String covered = h.createQuery("SELECT jurisdictions FROM agency WHERE id = :a").bind("a", a)
                    .mapTo(String.class).one();
            if (!List.of(covered.split(",")).contains(s.jurisdiction())) {
                flags.add(JURISDICTION_NOT_COVERED);
            }
            int lastHour = h.createQuery("SELECT COUNT(*) FROM lawful_request WHERE agency_id = :a AND received_at > :t")
                    .bind("a", a).bind("t", now.minus(Duration.ofHours(1)).toEpochMilli()).mapTo(Integer.class).one();
            int lastMonth = h.createQuery("SELECT COUNT(*) FROM lawful_request WHERE agency_id = :a AND received_at > :t")
                    .bind("a", a).bind("t", now.minus(Duration.ofDays(30)).toEpochMilli()).mapTo(Integer.class).one();
            double hourlyAverage = lastMonth / (30.0 * 24);
            // Unusual: above the automatic cap and well above the agency's own habit.
            if (lastHour >= Math.max(settings.volumePerIssuerPerHour(), 1) && lastHour > 3 * hourlyAverage) {
                flags.add(UNUSUAL_VOLUME);
            }
            Reputation rep = Reputation.of(h, a);
            // misuse only: a refusal by principle never lowers a sender's standing
            if (rep.low()) {
                flags.add(LOW_REPUTATION);
            }
        });
        return flags;
    }
}
