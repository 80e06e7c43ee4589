package org.fulcrum.server.lawful.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.request.Flags;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.LawfulSettings;
import org.fulcrum.server.lawful.request.Verification;
import org.jdbi.v3.core.Handle;

/**
 * Anomaly flags raised at intake, shown to reviewers with the request (SPEC 2.5 defences against
 * forged requests). Some also stop automatic execution (see {@code decision.Caps}).
 */
public final class Anomalies {
    static final Duration NEW_OFFICER_PERIOD = Duration.ofDays(30);
    static final Duration NEW_KEY_PERIOD = Duration.ofDays(7);

    private Anomalies() {}

    /** Who sent a request, as intake knows it. */
    public record Sender(
            Lane lane,
            Optional<String> agencyId,
            Optional<String> officerId,
            Optional<String> keyId,
            Optional<String> enteredBy,
            Verification verification) {}

    public static List<String> flags(Handle h, Sender sender, LawfulSettings settings, Instant now, Json json) {
        List<String> flags = new ArrayList<>();
        if (!sender.verification().trusted()) {
            flags.add(Flags.UNVERIFIED_SENDER);
        }
        sender.officerId().ifPresent(o -> {
            long created = h.createQuery("SELECT created_at FROM officer WHERE id = :o")
                    .bind("o", o)
                    .mapTo(Long.class)
                    .one();
            int earlier = h.createQuery("SELECT COUNT(*) FROM lawful_request WHERE officer_id = :o")
                    .bind("o", o)
                    .mapTo(Integer.class)
                    .one();
            if (earlier == 0 || now.toEpochMilli() - created < NEW_OFFICER_PERIOD.toMillis()) {
                flags.add(Flags.NEW_OFFICER);
            }
        });
        sender.keyId().ifPresent(k -> {
            long created = h.createQuery("SELECT created_at FROM officer_key WHERE key_id = :k")
                    .bind("k", k)
                    .mapTo(Long.class)
                    .one();
            int earlier = h.createQuery("SELECT COUNT(*) FROM lawful_request WHERE key_id = :k")
                    .bind("k", k)
                    .mapTo(Integer.class)
                    .one();
            if (earlier == 0 || now.toEpochMilli() - created < NEW_KEY_PERIOD.toMillis()) {
                flags.add(Flags.NEW_KEY);
            }
        });
        sender.agencyId().ifPresent(a -> {
            int lastHour = h.createQuery(
                            "SELECT COUNT(*) FROM lawful_request WHERE agency_id = :a AND received_at > :t")
                    .bind("a", a)
                    .bind("t", now.minus(Duration.ofHours(1)).toEpochMilli())
                    .mapTo(Integer.class)
                    .one();
            int lastMonth = h.createQuery(
                            "SELECT COUNT(*) FROM lawful_request WHERE agency_id = :a AND received_at > :t")
                    .bind("a", a)
                    .bind("t", now.minus(Duration.ofDays(30)).toEpochMilli())
                    .mapTo(Integer.class)
                    .one();
            double hourlyAverage = lastMonth / (30.0 * 24);
            // Unusual: above the automatic cap and well above the agency's own habit.
            if (lastHour >= Math.max(settings.volumePerIssuerPerHour(), 1) && lastHour > 3 * hourlyAverage) {
                flags.add(Flags.UNUSUAL_VOLUME);
            }
            Reputation rep = Reputation.of(h, a, json);
            // misuse only: a refusal by principle never lowers a sender's standing
            if (rep.low()) {
                flags.add(Flags.LOW_REPUTATION);
            }
        });
        return flags;
    }
}
