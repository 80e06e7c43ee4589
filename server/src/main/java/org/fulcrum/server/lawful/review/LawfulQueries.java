package org.fulcrum.server.lawful.review;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.decision.Callbacks;
import org.fulcrum.server.lawful.decision.Clarifications;
import org.fulcrum.server.lawful.decision.Decisions;
import org.fulcrum.server.lawful.decision.Disclosures;
import org.fulcrum.server.lawful.decision.ProcessGate;
import org.fulcrum.server.lawful.decision.Withdrawals;
import org.fulcrum.server.lawful.disclosure.UserNotices;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.lawful.registry.Reputation;
import org.fulcrum.server.lawful.request.ClockText;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.RequestStatus;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.policy.Evaluation;
import org.fulcrum.server.policy.Outcome;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Omittable;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Read views of lawful requests: for the authority that sent one, and for legal staff. */
public final class LawfulQueries {
    private final Database db;
    private final Clock clock;
    private final Policies policies;
    private final Json json;

    public LawfulQueries(Database db, Clock clock, Policies policies, Json json) {
        this.db = db;
        this.clock = clock;
        this.policies = policies;
        this.json = json;
    }

    /**
     * What the authority sees of its request. No reviewer names, no anomaly flags. {@code clockText}
     * is the clock in the same words the console shows; {@code closedAt} is when it stopped;
     * {@code withdrawable} whether the authority may still withdraw it (open, nothing executed).
     */
    public record StatusView(
            String id,
            String reference,
            String instrument,
            String kind,
            String jurisdiction,
            String status,
            Optional<String> outcome,
            Optional<String> principle,
            String explanation,
            LawfulRequest.Deadline clock,
            String clockText,
            String entity,
            Optional<String> routedFrom,
            List<String> openQuestions,
            List<String> actions,
            boolean answerAvailable,
            Instant receivedAt,
            Optional<Instant> closedAt,
            boolean withdrawable) {}

    /**
     * An enforcement action taken for a request; {@code scope} says where and how long in words
     * ("everywhere", "in DE, AT", "until 2027-06-06"), empty when the action has neither.
     */
    public record ActionRow(String id, String subjectId, String type, String scope, String actor, Instant at) {}

    /** One line of a request's audit trail. */
    public record Step(
            Instant at,
            String actor,
            String action,
            @Omittable String reason,
            @Omittable String details) {}

    /** A document an officer attached through the portal. */
    public record DocumentRow(String id, String name, String mediaType, String sha256, Instant createdAt) {}

    /** A document's content. */
    public record DocumentContent(String name, byte[] content) {}

    /** Everything legal staff see of a request. */
    public record RequestView(
            LawfulRequest request,
            LawfulRequest.Deadline clock,
            List<Requests.Target> targets,
            List<DocumentRow> documents,
            List<Decisions.Stored> decisions,
            List<Clarifications.Clarification> clarifications,
            List<Callbacks.Callback> callbacks,
            List<Disclosures.Disclosure> disclosures,
            int executionApprovals,
            int disclosureApprovals,
            Optional<String> waitingFor,
            List<UserNotices.Notice> notices,
            List<String> contactsOnFile,
            Optional<Reputation> reputation,
            List<ActionRow> actions,
            List<Step> timeline,
            Optional<Authorities.Agency> agency,
            Optional<Authorities.Officer> officer) {
        public Optional<Decisions.Stored> latest() {
            return decisions.isEmpty() ? Optional.empty() : Optional.of(decisions.get(decisions.size() - 1));
        }
    }

    public StatusView status(String requestId) {
        return db.read(h -> {
            LawfulRequest r = Requests.require(h, json, requestId);
            Optional<Decisions.Stored> d = Decisions.latest(h, json, requestId);
            // a closed request asks nothing more of its authority
            List<String> questions = !r.state().status().open()
                    ? List.of()
                    : Clarifications.of(h, requestId).stream()
                            .filter(c -> c.answer().isEmpty())
                            .map(Clarifications.Clarification::question)
                            .toList();
            List<String> actions = actions(h, requestId).stream()
                    .map(a -> (a.type() + " " + a.subjectId() + " " + a.scope()).strip())
                    .toList();
            return new StatusView(
                    r.id(),
                    r.reference(),
                    r.instrument().name(),
                    r.kind().name(),
                    r.jurisdiction(),
                    r.state().status().name(),
                    d.map(Decisions.Stored::outcome),
                    d.flatMap(Decisions.Stored::principle),
                    d.map(Decisions.Stored::explanation).orElse(""),
                    r.deadline(clock.instant()),
                    ClockText.of(r, clock.instant()).text(),
                    r.parties().entity(),
                    r.parties().routedFrom(),
                    questions,
                    actions,
                    Disclosures.sealedPackage(h, requestId).isPresent(),
                    r.clock().receivedAt(),
                    r.clock().closedAt(),
                    r.state().status().open() && !Withdrawals.executed(h, requestId));
        });
    }

    /** Throws unless the officer, or a colleague of the same agency, sent the request. */
    public void requireAccess(String requestId, String officerId) {
        boolean allowed = db.read(h -> h.createQuery("""
                        SELECT COUNT(*) FROM lawful_request r JOIN officer o ON o.id = :o
                        WHERE r.id = :r AND (r.officer_id = :o OR r.agency_id = o.agency_id)""")
                        .bind("r", requestId)
                        .bind("o", officerId)
                        .mapTo(Integer.class)
                        .one())
                > 0;
        if (!allowed) {
            // the same answer as a request that does not exist: an officer learns nothing of others' requests
            throw new FulcrumException.NotFound("request " + requestId);
        }
    }

    public RequestView view(String requestId) {
        return db.read(h -> {
            LawfulRequest r = Requests.require(h, json, requestId);
            Optional<Disclosures.Disclosure> pending = Disclosures.pending(h, requestId);
            Optional<Decisions.Stored> latest = Decisions.latest(h, json, requestId);
            Instant since = latest.map(d -> ProcessGate.approvalsCountFrom(h, r, d.evaluation()))
                    .orElse(Instant.EPOCH);
            Optional<String> waitingFor = latest.filter(d -> r.state().status().open())
                    .flatMap(d -> ProcessGate.blocked(
                            h,
                            r,
                            d.evaluation(),
                            pending.isPresent() ? ProcessGate.Path.disclosure : ProcessGate.Path.enforcement));
            return new RequestView(
                    r,
                    r.deadline(clock.instant()),
                    Requests.targets(h, requestId),
                    documents(h, requestId),
                    Decisions.all(h, json, requestId),
                    Clarifications.of(h, requestId),
                    Callbacks.of(h, requestId),
                    Disclosures.of(h, requestId),
                    approvals(h, "execution:" + requestId, since),
                    pending.map(p -> approvals(h, "disclosure:" + p.id(), since))
                            .orElseGet(() -> RequestRecord.disclosureApprovals(h, requestId)),
                    waitingFor,
                    UserNotices.of(h, requestId),
                    Callbacks.contactsOnFile(h, r),
                    r.parties().agencyId().map(a -> Reputation.of(h, a, json)),
                    actions(h, requestId),
                    timeline(h, requestId),
                    r.parties().agencyId().flatMap(a -> Authorities.agency(h, a)),
                    r.parties().officerId().flatMap(o -> Authorities.officer(h, o)));
        });
    }

    private static List<DocumentRow> documents(Handle h, String requestId) {
        return h.createQuery("""
                        SELECT id, name, media_type, sha256, created_at FROM lawful_document
                        WHERE request_id = :r ORDER BY created_at, id""").bind("r", requestId).map(DOCUMENT).list();
    }

    private static final RowMapper<DocumentRow> DOCUMENT = (rs, ctx) -> new DocumentRow(
            rs.getString("id"),
            rs.getString("name"),
            rs.getString("media_type"),
            rs.getString("sha256"),
            Columns.instant(rs, "created_at"));

    /** A document of a request, for legal staff to read. */
    public DocumentContent document(String requestId, String documentId) {
        return db.read(h -> h.createQuery("SELECT name, content FROM lawful_document WHERE id = :d AND request_id = :r")
                        .bind("d", documentId)
                        .bind("r", requestId)
                        .map((rs, ctx) -> new DocumentContent(
                                rs.getString("name"),
                                java.util.Base64.getDecoder().decode(rs.getString("content"))))
                        .findOne())
                .orElseThrow(() -> new FulcrumException.NotFound("document " + documentId));
    }

    /** Open requests, the nearest deadline first. */
    public List<LawfulRequest> queue() {
        return db.read(h -> Requests.queue(
                h,
                json,
                java.util.Arrays.stream(RequestStatus.values())
                        .filter(RequestStatus::open)
                        .toList(),
                500));
    }

    /** Requests a new officer or key sent that were executed automatically: a person looks at them after the fact. */
    public List<LawfulRequest> newSendersExecuted(int limit) {
        return db.read(h -> Requests.autoExecutedForNewSenders(h, json, limit));
    }

    public List<LawfulRequest> recent(int limit) {
        return db.read(h -> Requests.recent(h, json, limit));
    }

    public List<LawfulRequest> ofOfficer(String officerId) {
        return db.read(h -> Requests.ofOfficer(h, json, officerId, 200));
    }

    public Optional<String> sealedPackage(String requestId) {
        return db.read(h -> Disclosures.sealedPackage(h, requestId));
    }

    /** A page of released user notices and the cursor to continue from. */
    public record NoticePage(List<UserNotices.Notice> notices, String next) {}

    public NoticePage notices(String cursor, int limit) {
        long release = 0;
        long seq = 0;
        if (cursor != null && !cursor.isBlank()) {
            String[] parts = cursor.split("-", 2);
            try {
                release = Long.parseLong(parts[0]);
                seq = Long.parseLong(parts[1]);
            } catch (RuntimeException e) {
                throw new FulcrumException.InvalidInput("after", "must be a cursor returned as 'next'");
            }
        }
        long r = release;
        long s = seq;
        List<UserNotices.Notice> page = db.read(h -> UserNotices.released(h, r, s, clock.instant(), limit));
        String next = page.isEmpty()
                ? (cursor == null ? "" : cursor)
                : page.get(page.size() - 1).releasedAt().toEpochMilli() + "-"
                        + page.get(page.size() - 1).seq();
        return new NoticePage(page, next);
    }

    public long routedCount() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM lawful_request WHERE routed_from IS NOT NULL")
                .mapTo(Long.class)
                .one());
    }

    /** A stored decision evaluated again against its own policy version. */
    public record Replay(
            String decisionId, String policyVersion, Outcome stored, Outcome replayed, boolean identical) {}

    public Replay replay(String requestId, String decisionId) {
        Decisions.Stored d = db.read(h -> h.createQuery("SELECT request_id FROM lawful_decision WHERE id = :id")
                        .bind("id", decisionId)
                        .mapTo(String.class)
                        .findOne()
                        .filter(requestId::equals)
                        .flatMap(x -> Decisions.find(h, json, decisionId)))
                .orElseThrow(() -> new FulcrumException.NotFound("decision " + decisionId));
        if (d.evaluation().outcome() instanceof Outcome.Refuse r
                && r.principle().equals("legal-review")) {
            throw new FulcrumException.Conflict("decision " + decisionId + " was taken by a reviewer, not by policy");
        }
        Evaluation again = policies.replay(d.policyVersion(), d.facts());
        return new Replay(
                decisionId,
                d.policyVersion(),
                d.evaluation().outcome(),
                again.outcome(),
                again.outcome().equals(d.evaluation().outcome())
                        && again.trace().equals(d.evaluation().trace()));
    }

    /** Approvals that still count: given after the call-back and the authority's latest answer. */
    private static int approvals(Handle h, String target, Instant since) {
        return h.createQuery("SELECT COUNT(*) FROM lawful_approval WHERE target = :t AND approved_at >= :since")
                .bind("t", target)
                .bind("since", since.toEpochMilli())
                .mapTo(Integer.class)
                .one();
    }

    private List<ActionRow> actions(Handle h, String requestId) {
        return Enforcement.caused(h, json, "lawful", requestId).stream()
                .map(a -> new ActionRow(a.id(), a.subjectId(), a.type().name(), a.scope(), a.actor(), a.at()))
                .toList();
    }

    /**
     * What happened to a request, in order: what was recorded against the request itself and the
     * approvals given for executing its measures and for each of its disclosures (recorded against
     * those), so the history names every approver beside the decision they approved.
     */
    private static List<Step> timeline(Handle h, String requestId) {
        return h.createQuery("""
                        SELECT at, actor, action, reason, details FROM audit
                        WHERE target IN (:request, :execution)
                           OR target IN (SELECT 'disclosure:' || id FROM disclosure WHERE request_id = :id)
                        ORDER BY at, id""")
                .bind("request", "request:" + requestId)
                .bind("execution", "execution:" + requestId)
                .bind("id", requestId)
                .map(STEP)
                .list();
    }

    private static final RowMapper<Step> STEP = (rs, ctx) -> new Step(
            Columns.instant(rs, "at"),
            rs.getString("actor"),
            rs.getString("action"),
            rs.getString("reason"),
            rs.getString("details"));
}
