package org.fulcrum.server.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * Legal holds placed, extended and released by legal staff. Every change goes through the
 * enforcement path (a preserve or release_hold action), so the platform learns that the subject is
 * preserved and the transparency log records it; the hold's own record says who, why and until when.
 * Releasing one of several holds on a subject keeps the subject preserved until the longest of the others.
 */
public final class Holds {
    /** The origin of the enforcement actions this class applies. */
    public static final String ORIGIN = "privacy";

    private final Database db;
    private final Clock clock;
    private final Json json;
    private final Enforcement enforcement;

    public Holds(Database db, Clock clock, Json json, Enforcement enforcement) {
        this.db = db;
        this.clock = clock;
        this.json = json;
        this.enforcement = enforcement;
    }

    /**
     * A hold to place.
     *
     * @param subjectId the subject (or account) to preserve
     * @param until when the hold ends, at most two years ahead
     * @param reason why: the order, litigation or decision it serves
     */
    public record Placement(String subjectId, Instant until, String reason) {
        public Placement {
            Check.id("subjectId", subjectId);
            Check.required("until", until);
            reason = Holds.reason(reason);
        }
    }

    /**
     * A later end for a running hold.
     *
     * @param until the new end
     * @param reason why: the authority's extension or renewal, the litigation still running
     */
    public record Extension(Instant until, String reason) {
        public Extension {
            Check.required("until", until);
            reason = Holds.reason(reason);
        }
    }

    /**
     * The release of a running hold.
     *
     * @param reason why it no longer applies
     */
    public record Release(String reason) {
        public Release {
            reason = Holds.reason(reason);
        }
    }

    static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "is required");
        }
        return Check.text("reason", reason.strip(), 500);
    }

    public Hold place(Principal.Staff staff, Placement p) {
        return db.write(tx -> {
            HoldRules.checkPlacement(p.until(), tx.now());
            String id = Ids.next("lh", clock);
            Action a = preserve(tx, p.subjectId(), p.until(), id, p.reason(), staff.actor());
            HoldStore.insert(
                    tx,
                    id,
                    p.subjectId(),
                    Hold.Source.staff,
                    Optional.empty(),
                    Optional.of(a.id()),
                    Optional.empty(),
                    p.reason(),
                    staff.actor(),
                    p.until());
            int captured = Evidence.capture(tx, clock, json, id, p.subjectId());
            Audit.record(
                    tx,
                    staff.actor(),
                    "hold.place",
                    "subject:" + p.subjectId(),
                    p.reason(),
                    id + " until " + p.until() + ", " + captured + " items preserved");
            return HoldStore.find(tx.handle(), id).orElseThrow();
        });
    }

    public Hold extend(Principal.Staff staff, String holdId, Extension e) {
        return db.write(tx -> {
            Hold h = running(tx, holdId);
            HoldRules.checkExtension(h, e.until(), tx.now());
            preserve(tx, h.subjectId(), e.until(), h.id(), e.reason(), staff.actor());
            tx.handle()
                    .createUpdate("UPDATE legal_hold SET until_at = :u, extensions = extensions + 1 WHERE id = :id")
                    .bind("u", e.until().toEpochMilli())
                    .bind("id", h.id())
                    .execute();
            Audit.record(
                    tx,
                    staff.actor(),
                    "hold.extend",
                    "subject:" + h.subjectId(),
                    e.reason(),
                    h.id() + " from " + h.until() + " to " + e.until());
            return HoldStore.find(tx.handle(), h.id()).orElseThrow();
        });
    }

    public Hold release(Principal.Staff staff, String holdId, Release r) {
        return db.write(tx -> {
            Hold h = running(tx, holdId);
            HoldStore.release(tx, h.id(), staff.actor(), r.reason());
            Optional<Hold> longest = HoldStore.active(tx.handle(), h.subjectId(), tx.now()).stream()
                    .max(Comparator.comparing(Hold::until));
            Optional<Subject> s = Subjects.find(tx.handle(), h.subjectId());
            Optional<Instant> preservedUntil =
                    s.flatMap(x -> x.state().holdUntil()).filter(u -> u.isAfter(tx.now()));
            if (preservedUntil.isPresent()
                    && (longest.isEmpty()
                            || preservedUntil.get().isAfter(longest.get().until()))) {
                enforcement.apply(
                        tx,
                        new Action.Request(
                                h.subjectId(),
                                ActionType.release_hold,
                                List.of(),
                                Optional.empty(),
                                Optional.empty(),
                                ORIGIN,
                                Optional.of(h.id()),
                                r.reason(),
                                staff.actor()));
                longest.ifPresent(other -> preserve(
                        tx,
                        other.subjectId(),
                        other.until(),
                        other.id(),
                        "still held: " + other.reason(),
                        staff.actor()));
            }
            Audit.record(tx, staff.actor(), "hold.release", "subject:" + h.subjectId(), r.reason(), h.id());
            return HoldStore.find(tx.handle(), h.id()).orElseThrow();
        });
    }

    private Action preserve(Tx tx, String subjectId, Instant until, String holdId, String reason, String actor) {
        return enforcement.apply(
                tx,
                new Action.Request(
                        subjectId,
                        ActionType.preserve,
                        List.of(),
                        Optional.empty(),
                        Optional.of(until),
                        ORIGIN,
                        Optional.of(holdId),
                        reason,
                        actor));
    }

    private static Hold running(Tx tx, String holdId) {
        Hold h = HoldStore.find(tx.handle(), holdId).orElseThrow(() -> new FulcrumException.NotFound("hold " + holdId));
        if (!h.active(tx.now())) {
            throw new FulcrumException.Conflict("hold " + holdId + " has ended (" + h.status(tx.now()) + ")");
        }
        return h;
    }

    public Optional<Hold> find(String id) {
        return db.read(h -> HoldStore.find(h, id));
    }

    public List<Hold> list(Optional<String> subjectId, boolean activeOnly, int limit) {
        return db.read(h -> HoldStore.list(h, subjectId, activeOnly, clock.instant(), limit));
    }

    /** What a hold preserved: how many items of each source. */
    public record Preserved(String source, long items) {}

    /** What a hold preserved: items by source, then its sealed media and the media fetches still to do. */
    public List<Preserved> preserved(String holdId) {
        return db.read(h -> {
            List<Preserved> out = new java.util.ArrayList<>(h.createQuery("""
                            SELECT source, COUNT(*) AS items FROM preserved_item WHERE hold_id = :h GROUP BY source
                            ORDER BY source""")
                    .bind("h", holdId)
                    .map((rs, ctx) -> new Preserved(rs.getString("source"), rs.getLong("items")))
                    .list());
            long media = h.createQuery("SELECT COUNT(*) FROM preserved_media WHERE hold_id = :h")
                    .bind("h", holdId)
                    .mapTo(Long.class)
                    .one();
            long pending = h.createQuery("SELECT COUNT(*) FROM media_preservation WHERE hold_id = :h")
                    .bind("h", holdId)
                    .mapTo(Long.class)
                    .one();
            if (media > 0) {
                out.add(new Preserved("media (sealed)", media));
            }
            if (pending > 0) {
                out.add(new Preserved("media still to fetch", pending));
            }
            return out;
        });
    }
}
