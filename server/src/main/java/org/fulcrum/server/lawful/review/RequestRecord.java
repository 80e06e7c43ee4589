package org.fulcrum.server.lawful.review;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.lawful.decision.Disclosures;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The accountability record of a request for its console page: who entered it, who approved what
 * and why, the disclosure packages with their hashes, and the log entries that prove it publicly.
 */
public final class RequestRecord {
    private final Database db;

    public RequestRecord(Database db) {
        this.db = db;
    }

    /** A staff member named for people: display name and username. */
    public record Person(String staffId, String name, String username) {
        public static Person unknown(String actor) {
            return new Person(actor, actor, actor);
        }
    }

    /** One approval of a disclosure or an execution, with its author's reason. */
    public record Approval(String what, Person by, Instant at, String reason) {}

    /** A disclosure's package: what it holds, its size and hash, when it was sealed and to which key. */
    public record PackageSummary(
            String disclosureId,
            String status,
            List<String> accounts,
            List<String> categories,
            Optional<Instant> executedAt,
            Optional<String> recipientKey,
            long bytes,
            Optional<String> sha256) {}

    /** A public log entry of this request. */
    public record Entry(long index, String kind, Instant at) {}

    /** Everything above for one request. */
    public record View(
            Optional<Person> enteredBy, List<Approval> approvals, List<PackageSummary> packages, List<Entry> entries) {
        /** Approvals of the request's disclosures, in order. */
        public List<Approval> disclosureApprovals() {
            return approvals.stream().filter(a -> a.what().equals("disclosure")).toList();
        }
    }

    public View of(LawfulRequest r) {
        return db.read(h -> new View(
                r.parties().enteredBy().map(e -> person(h, e)),
                approvals(h, r.id()),
                packages(h, r.id()),
                entries(h, r.id())));
    }

    /** The number of approvals recorded for the request's latest disclosure, executed or still waiting. */
    public static int disclosureApprovals(Handle h, String requestId) {
        return h.createQuery("""
                        SELECT COUNT(*) FROM lawful_approval WHERE target = (
                            SELECT 'disclosure:' || id FROM disclosure WHERE request_id = :r
                            ORDER BY created_at DESC, id DESC LIMIT 1)""").bind("r", requestId).mapTo(Integer.class).one();
    }

    static Person person(Handle h, String actorOrId) {
        String id = actorOrId.startsWith("staff:") ? actorOrId.substring(6) : actorOrId;
        return h.createQuery("SELECT id, display_name, username FROM staff WHERE id = :id")
                .bind("id", id)
                .map(PERSON)
                .findOne()
                .orElse(Person.unknown(actorOrId));
    }

    private static List<Approval> approvals(Handle h, String requestId) {
        // the reason lives in the audit row written in the approval's transaction
        return h.createQuery("""
                        SELECT a.target, a.staff_id, a.approved_at, s.display_name, s.username,
                            (SELECT MAX(u.reason) FROM audit u WHERE u.target = a.target AND u.action = 'approve'
                                AND u.actor = 'staff:' || a.staff_id) AS reason
                        FROM lawful_approval a LEFT JOIN staff s ON s.id = a.staff_id
                        WHERE a.target = :execution
                           OR a.target IN (SELECT 'disclosure:' || id FROM disclosure WHERE request_id = :r)
                        ORDER BY a.approved_at, a.staff_id""")
                .bind("r", requestId)
                .bind("execution", "execution:" + requestId)
                .map(APPROVAL)
                .list();
    }

    private static final RowMapper<Person> PERSON =
            (rs, ctx) -> new Person(rs.getString("id"), rs.getString("display_name"), rs.getString("username"));

    /** An approval row; a staff member since removed shows by id. */
    private static final RowMapper<Approval> APPROVAL = (rs, ctx) -> {
        String staff = rs.getString("staff_id");
        return new Approval(
                rs.getString("target").startsWith("execution:") ? "execution" : "disclosure",
                new Person(
                        staff,
                        Columns.optionalString(rs, "display_name").orElse(staff),
                        Columns.optionalString(rs, "username").orElse(staff)),
                Columns.instant(rs, "approved_at"),
                Columns.optionalString(rs, "reason").orElse(""));
    };

    private static List<PackageSummary> packages(Handle h, String requestId) {
        return h
                .createQuery("SELECT id, package FROM disclosure WHERE request_id = :r ORDER BY created_at, id")
                .bind("r", requestId)
                .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("package")})
                .list()
                .stream()
                .map(row -> {
                    Disclosures.Disclosure d = Disclosures.of(h, requestId).stream()
                            .filter(x -> x.id().equals(row[0]))
                            .findFirst()
                            .orElseThrow();
                    Optional<String> pkg = Optional.ofNullable(row[1]);
                    return new PackageSummary(
                            d.id(),
                            d.status(),
                            d.accounts(),
                            d.categories(),
                            d.executedAt(),
                            d.recipientKey(),
                            pkg.map(p -> (long) p.getBytes(StandardCharsets.UTF_8).length)
                                    .orElse(0L),
                            pkg.map(RequestRecord::sha256));
                })
                .toList();
    }

    private static List<Entry> entries(Handle h, String requestId) {
        // every lawful entry names its request in its private details; the index is public
        return h.createQuery("""
                        SELECT e.idx, e.kind, e.at FROM log_entry e JOIN log_secret s ON s.idx = e.idx
                        WHERE s.details LIKE :pattern ORDER BY e.idx""")
                .bind("pattern", "%\"request\":\"" + requestId.replace("%", "") + "\"%")
                .map(ENTRY)
                .list();
    }

    private static final RowMapper<Entry> ENTRY =
            (rs, ctx) -> new Entry(rs.getLong("idx"), rs.getString("kind"), Columns.instant(rs, "at"));

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
