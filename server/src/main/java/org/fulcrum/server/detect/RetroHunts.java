package org.fulcrum.server.detect;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retro-hunts: one bank (even a disabled one, with the enabled allow banks) or one rule (even a
 * disabled or dry-run one) run over every stored content copy, page by page in the background.
 * Every match is recorded under the hunt, which is its report; by default nothing is acted on
 * ({@code report_only}), and with {@code act} the matches go through the detector's policy as live
 * ones do. One hunt runs at a time.
 */
public final class RetroHunts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetroHunts.class);
    static final String STORED = "stored";
    static final int PAGE = 500;
    /** Subjects acted on in one write unit: small enough that the outbox's writes interleave. */
    static final int UNIT = 25;

    private static final TypeReference<List<ContentEvent.MediaRef>> MEDIA = new TypeReference<>() {};

    private final Database db;
    private final Clock clock;
    private final Scanner scanner;
    private final Responder responder;
    private final Json json;
    private final Matches matches;
    private final Semaphore one = new Semaphore(1);
    private volatile boolean closing;

    RetroHunts(Database db, Clock clock, Json json, Scanner scanner, Responder responder) {
        this.db = db;
        this.clock = clock;
        this.json = json;
        this.scanner = scanner;
        this.responder = responder;
        this.matches = new Matches(db, json);
    }

    /**
     * A hunt and its progress.
     *
     * @param status running, done, failed or stopped
     * @param total stored content copies when the hunt started: {@code scanned} of {@code total} is its progress
     */
    public record Hunt(
            String id,
            Detector.Kind detectorKind,
            String detectorId,
            String detectorName,
            boolean act,
            String status,
            long scanned,
            long matched,
            Optional<String> error,
            String requestedBy,
            Instant startedAt,
            Optional<Instant> finishedAt,
            long total) {
        /** Progress in percent, 100 once finished. */
        public int percent() {
            return !status.equals("running") ? 100 : total == 0 ? 0 : (int) Math.min(100, scanned * 100 / total);
        }
    }

    /** A hunt's report: the hunt and the matches it recorded (at most {@code limit}). */
    public record Report(Hunt hunt, List<Match> matches) {}

    /** One recorded match, as reports and the console list them. */
    public record Match(
            String id,
            Optional<String> eventId,
            String subjectId,
            Detector.Kind detectorKind,
            String detectorName,
            Optional<Integer> distance,
            Map<String, Object> evidence,
            String outcome,
            Optional<String> ref,
            Instant at) {}

    /** The evidence of {@code match} in words, as the notice a match opens explains it. */
    public String evidenceInWords(Match match) {
        return Responder.evidenceInWords(match.evidence(), json);
    }

    /** Recorded matches of live content, newest first: of one detector, of one subject, or all. */
    public List<Match> matches(Optional<String> detectorId, Optional<String> subjectId, int limit) {
        return matches.list(Optional.empty(), detectorId, subjectId, limit);
    }

    /** Starts a hunt for {@code bank} or {@code rule} (exactly one); refused while another runs. */
    public Hunt start(String actor, Optional<Bank> bank, Optional<DetectionRule> rule, boolean act) {
        if (bank.isPresent() == rule.isPresent()) {
            throw new FulcrumException.InvalidInput("bankId", "name exactly one of bankId and ruleId");
        }
        CompiledRule compiled = rule.map(CompiledRule::compile).orElse(null);
        if (!one.tryAcquire()) {
            throw new FulcrumException.Conflict("a retro-hunt is already running; wait for it to finish");
        }
        try {
            String id = Ids.next("hunt", clock);
            Detector.Kind kind = bank.isPresent() ? Detector.Kind.bank : Detector.Kind.rule;
            String detectorId = bank.map(Bank::id).orElseGet(() -> rule.get().id());
            String name = bank.map(Bank::name).orElseGet(() -> rule.get().name());
            db.write(tx -> {
                tx.handle()
                        .createUpdate("""
                        INSERT INTO detect_hunt (id, detector_kind, detector_id, detector_name, act, status, requested_by,
                                                 started_at, total)
                        VALUES (:id, :kind, :d, :n, :act, 'running', :by, :now, (SELECT COUNT(*) FROM subject_content))""")
                        .bind("id", id)
                        .bind("kind", kind.name())
                        .bind("d", detectorId)
                        .bind("n", name)
                        .bind("act", act ? 1 : 0)
                        .bind("by", actor)
                        .bind("now", tx.now().toEpochMilli())
                        .execute();
                Audit.record(
                        tx,
                        actor,
                        "hunt.start",
                        kind + ":" + detectorId,
                        null,
                        id + (act ? " acting" : " report only"));
                return null;
            });
            Scanner.Scope scope = new Scanner.Scope(bank.map(Bank::id), rule.map(DetectionRule::id));
            List<CompiledRule> rules = compiled == null ? List.of() : List.of(compiled);
            Thread.ofVirtual().name("fulcrum-hunt-" + id).start(() -> run(id, scope, rules, act));
            return find(id).hunt();
        } catch (RuntimeException | Error e) {
            one.release();
            throw e;
        }
    }

    private void run(String id, Scanner.Scope scope, List<CompiledRule> rules, boolean act) {
        String status = "done";
        String error = null;
        try {
            String after = "";
            while (!closing) {
                List<ContentEvent> page = page(after);
                if (page.isEmpty()) {
                    break;
                }
                after = page.getLast().subjectId();
                List<Hit> hits = new ArrayList<>();
                for (ContentEvent e : page) {
                    hits.addAll(scanner.scan(e, scope, rules));
                }
                record(id, page.size(), hits, act);
            }
            if (closing) {
                status = "stopped";
            }
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("hunt", id).setCause(e).log("retro-hunt failed");
            status = "failed";
            error = String.valueOf(e.getMessage());
        } finally {
            finish(id, status, error);
            one.release();
        }
    }

    /**
     * Records one page's hits in units of at most {@link #UNIT} subjects, submitted together: the
     * writer groups them, and the outbox's rounds get in between, so delivery keeps up with a hunt
     * that acts on every item. The page counts as scanned with its last unit.
     */
    private void record(String id, int scanned, List<Hit> hits, boolean act) {
        Map<String, List<Hit>> bySubject = new java.util.LinkedHashMap<>();
        hits.forEach(h ->
                bySubject.computeIfAbsent(h.subjectId(), k -> new ArrayList<>()).add(h));
        List<List<Hit>> units = new ArrayList<>();
        List<Hit> unit = new ArrayList<>();
        int subjects = 0;
        for (List<Hit> ofSubject : bySubject.values()) {
            if (subjects == UNIT) {
                units.add(unit);
                unit = new ArrayList<>();
                subjects = 0;
            }
            unit.addAll(ofSubject);
            subjects++;
        }
        units.add(unit);
        List<java.util.concurrent.Future<Object>> written = new ArrayList<>();
        try (var writers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < units.size(); i++) {
                List<Hit> these = units.get(i);
                long pageDone = i == units.size() - 1 ? scanned : 0;
                written.add(writers.submit(() -> db.write(tx -> {
                    if (!these.isEmpty()) {
                        responder.respond(
                                tx, these, Optional.of(id), act ? Responder.Acting.act : Responder.Acting.report_only);
                    }
                    tx.handle()
                            .createUpdate("""
                            UPDATE detect_hunt SET scanned = scanned + :s, matched = matched + :m WHERE id = :id""")
                            .bind("s", pageDone)
                            .bind(
                                    "m",
                                    these.stream()
                                            .map(Hit::subjectId)
                                            .distinct()
                                            .count())
                            .bind("id", id)
                            .execute();
                    return null;
                })));
            }
        }
        for (var f : written) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FulcrumException.Unavailable("interrupted while recording a retro-hunt");
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
    }

    private void finish(String id, String status, String error) {
        try {
            db.write(tx -> tx.handle()
                    .createUpdate("""
                            UPDATE detect_hunt SET status = :s, error = :e, finished_at = :now WHERE id = :id""")
                    .bind("s", status)
                    .bind("e", error)
                    .bind("now", tx.now().toEpochMilli())
                    .bind("id", id)
                    .execute());
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("hunt", id).setCause(e).log("could not record the end of a retro-hunt");
        }
    }

    /** The next page of stored content after subject {@code after}, as events the scanner reads. */
    private List<ContentEvent> page(String after) {
        return db
                .read(h -> h.createQuery("""
                        SELECT c.subject_id, c.text_content, c.media, s.kind, s.container_id, s.author_id, s.country,
                               s.language, s.audience, c.updated_at
                        FROM subject_content c JOIN subject s ON s.id = c.subject_id
                        WHERE c.subject_id > :after ORDER BY c.subject_id LIMIT :n""")
                        .bind("after", after)
                        .bind("n", PAGE)
                        .map((rs, ctx) -> stored(
                                rs.getString("subject_id"),
                                rs.getString("text_content"),
                                rs.getString("media"),
                                rs.getString("kind"),
                                rs.getString("container_id"),
                                rs.getString("author_id"),
                                rs.getString("country"),
                                rs.getString("language"),
                                rs.getLong("audience"),
                                rs.getLong("updated_at")))
                        .list())
                .stream()
                .flatMap(Optional::stream)
                .toList();
    }

    private Optional<ContentEvent> stored(
            String subject,
            String text,
            String media,
            String kind,
            String container,
            String author,
            String country,
            String language,
            long audience,
            long at) {
        try {
            List<ContentEvent.MediaRef> refs = media == null ? List.of() : json.read(media, MEDIA);
            return Optional.of(new ContentEvent(
                    STORED,
                    ContentEvent.EventType.created,
                    subject,
                    SubjectKind.valueOf(kind),
                    Optional.ofNullable(container),
                    Optional.empty(),
                    Optional.ofNullable(author),
                    Optional.ofNullable(country),
                    Optional.ofNullable(language),
                    Optional.of(audience),
                    Optional.ofNullable(text),
                    refs.isEmpty() ? Optional.empty() : Optional.of(refs),
                    Instant.ofEpochMilli(at)));
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            // A copy Fulcrum cannot read as an event (a private message, an old format) is not scanned.
            return Optional.empty();
        }
    }

    public List<Hunt> list(int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM detect_hunt ORDER BY started_at DESC LIMIT :n")
                .bind("n", limit)
                .map((rs, ctx) -> hunt(rs))
                .list());
    }

    public Report find(String id) {
        return find(id, 1_000);
    }

    public Report find(String id, int limit) {
        Hunt hunt = db.read(h -> h.createQuery("SELECT * FROM detect_hunt WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> hunt(rs))
                        .findOne())
                .orElseThrow(() -> new FulcrumException.NotFound("hunt " + id));
        return new Report(hunt, matches.list(Optional.of(id), Optional.empty(), Optional.empty(), limit));
    }

    private static Hunt hunt(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Hunt(
                rs.getString("id"),
                Detector.Kind.valueOf(rs.getString("detector_kind")),
                rs.getString("detector_id"),
                rs.getString("detector_name"),
                rs.getInt("act") == 1,
                rs.getString("status"),
                rs.getLong("scanned"),
                rs.getLong("matched"),
                Optional.ofNullable(rs.getString("error")),
                rs.getString("requested_by"),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                Columns.optionalInstant(rs, "finished_at"),
                rs.getLong("total"));
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (one.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)) {
                one.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
