package org.fulcrum.server.lawful.intake;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.decision.Decisions;
import org.fulcrum.server.lawful.disclosure.UserNotices;
import org.fulcrum.server.lawful.registry.Anomalies;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.LawfulLog;
import org.fulcrum.server.lawful.request.LawfulMetrics;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.LawfulSettings;
import org.fulcrum.server.lawful.request.Parties;
import org.fulcrum.server.lawful.request.RequestClock;
import org.fulcrum.server.lawful.request.RequestState;
import org.fulcrum.server.lawful.request.RequestStatus;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.lawful.request.Verification;
import org.fulcrum.server.lawful.signature.ContentDigest;
import org.fulcrum.server.lawful.signature.SignatureRejected;
import org.fulcrum.server.lawful.signature.SignedRequests;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.Policy;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * The three intake lanes, ending in the same request record: checks the request against its
 * instrument, routes it to the entity that answers for its jurisdiction, raises anomaly flags,
 * stores it with its targets, logs it, owes the user a notice, and decides it, all in one
 * transaction. A request that fails a check changes nothing.
 *
 * <p>An agency's own reference names one request: a submission under a reference the agency already
 * used is a repeat (a retry, or the same request sent to two nodes at once) and is answered with the
 * request already stored, adding nothing, not even a log entry; the same reference with other
 * content is a conflict. The unique index on agency and reference decides between nodes.
 */
public final class LawfulIntake {
    private final org.fulcrum.server.platform.Outbox outbox;
    private final Database db;
    private final Clock clock;
    private final Policies policies;
    private final Decisions decisions;
    private final LawfulLog log;
    private final LawfulSettings settings;
    private final SignedRequests signatures;
    private final LawfulMetrics metrics;
    private final Rejections rejections;
    private final Json json;

    public LawfulIntake(
            Database db,
            Clock clock,
            Policies policies,
            Decisions decisions,
            LawfulLog log,
            LawfulSettings settings,
            SignedRequests signatures,
            LawfulMetrics metrics,
            Rejections rejections,
            org.fulcrum.server.platform.Outbox outbox,
            Json json) {
        this.outbox = outbox;
        this.json = json;
        this.db = db;
        this.clock = clock;
        this.policies = policies;
        this.decisions = decisions;
        this.log = log;
        this.settings = settings;
        this.signatures = signatures;
        this.metrics = metrics;
        this.rejections = rejections;
    }

    /** The request a submission is: {@code repeat} when the agency had sent it before under its reference. */
    public record Received(String id, boolean repeat) {}

    /**
     * A request signed by an officer's key (API lane); the nonce is consumed with the request, also
     * by a repeat, so a signed message is taken once whatever it asked.
     */
    public Received submitSigned(SignedRequests.Signer signer, Submission s, byte[] body, Instant arrivedAt) {
        Verification v =
                signer.officerVerified() && signer.agencyVerified() ? Verification.verified : Verification.unverified;
        Anomalies.Sender sender = new Anomalies.Sender(
                Lane.api,
                Optional.of(signer.agencyId()),
                Optional.of(signer.officerId()),
                Optional.of(signer.keyId()),
                Optional.empty(),
                v);
        return receive(
                sender,
                s,
                body,
                tx -> signatures.consume(tx, signer),
                "officer:" + signer.officerId(),
                Optional.empty(),
                arrivedAt);
    }

    /** A request submitted by an officer signed in to the portal with password and TOTP. */
    public Received submitPortal(String officerId, Submission s, byte[] body, Optional<Document> document) {
        Authorities.Officer officer = db.read(h -> Authorities.officer(h, officerId))
                .orElseThrow(() -> new FulcrumException.NotFound("officer " + officerId));
        boolean agencyVerified = db.read(h -> Authorities.agency(h, officer.agencyId()))
                .flatMap(Authorities.Agency::verification)
                .isPresent();
        Verification v =
                officer.verification().isPresent() && agencyVerified ? Verification.verified : Verification.unverified;
        Anomalies.Sender sender = new Anomalies.Sender(
                Lane.portal,
                Optional.of(officer.agencyId()),
                Optional.of(officerId),
                Optional.empty(),
                Optional.empty(),
                v);
        return receive(sender, s, body, tx -> {}, "officer:" + officerId, document, clock.instant());
    }

    /** A document attached through the portal. */
    public record Document(String name, String mediaType, byte[] content) {
        public static final int MAX_BYTES = 2 * 1024 * 1024;

        public Document {
            Check.text("document", name, 200);
            if (content.length > MAX_BYTES) {
                throw new FulcrumException.InvalidInput("document", "must be at most 2 MB");
            }
        }
    }

    /** A request that arrived by e-mail, post or fax, entered by staff: unverified until call-back. */
    public record ManualEntry(String agencyId, Optional<String> officerId, String receivedVia, Submission request) {
        public ManualEntry {
            Check.id("agencyId", agencyId);
            officerId = officerId == null ? Optional.empty() : officerId;
            officerId.ifPresent(o -> Check.id("officerId", o));
            if (receivedVia == null || !receivedVia.matches("email|post|fax")) {
                throw new FulcrumException.InvalidInput("receivedVia", "must be email, post or fax");
            }
            Check.required("request", request);
        }
    }

    public Received submitManual(Principal.Staff staff, ManualEntry entry, byte[] body) {
        return submitManual(staff, entry, body, Optional.empty());
    }

    /** Enters a request received outside Fulcrum, with the document it came as (kept as evidence). */
    public Received submitManual(Principal.Staff staff, ManualEntry entry, byte[] body, Optional<Document> document) {
        Authorities.Agency agency = db.read(h -> Authorities.agency(h, entry.agencyId()))
                .orElseThrow(() -> new FulcrumException.NotFound("agency " + entry.agencyId()));
        entry.officerId().ifPresent(o -> {
            Authorities.Officer officer = db.read(h -> Authorities.officer(h, o))
                    .orElseThrow(() -> new FulcrumException.NotFound("officer " + o));
            if (!officer.agencyId().equals(agency.id())) {
                throw new FulcrumException.InvalidInput(
                        "officerId", "the officer does not belong to agency " + agency.id());
            }
        });
        Anomalies.Sender sender = new Anomalies.Sender(
                Lane.manual,
                Optional.of(agency.id()),
                entry.officerId(),
                Optional.empty(),
                Optional.of(staff.actor()),
                Verification.unverified);
        return receive(
                sender,
                entry.request(),
                body,
                tx -> Audit.record(tx, staff.actor(), "request.enter.manual", null, entry.receivedVia(), agency.id()),
                staff.actor(),
                document,
                clock.instant());
    }

    /** Receives a request; its clock runs from {@code receivedAt}, when it reached Fulcrum. */
    private Received receive(
            Anomalies.Sender sender,
            Submission s,
            byte[] body,
            Consumer<Tx> first,
            String actor,
            Optional<Document> document,
            Instant receivedAt) {
        Policy policy = policies.current();
        Intake.check(s, policy, receivedAt);
        requireCovered(sender, s, body);
        String entity = policy.jurisdiction(s.jurisdiction()).entity().id();
        Optional<String> routedFrom = s.order().addressedTo().filter(a -> !a.equals(entity));
        String sha = HexFormat.of().formatHex(ContentDigest.digest("SHA-256", body));
        String id = Ids.next("lr", clock);
        String agencyId = sender.agencyId().orElseThrow();
        // Run again if another node's writes deadlock with it: the unit only writes rows and
        // registers commit hooks, and a request another node committed meanwhile is then a repeat.
        return db.writeRetrying(tx -> {
            first.accept(tx);
            Handle h = tx.handle();
            Optional<Received> earlier = repeatOf(h, agencyId, s, sha);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            List<String> flags = Anomalies.flags(h, sender, settings, tx.now(), json);
            LawfulRequest r = new LawfulRequest(
                    id,
                    s.reference(),
                    sender.lane(),
                    s.instrument(),
                    s.kind(),
                    s.jurisdiction(),
                    new Parties(
                            sender.agencyId(),
                            sender.officerId(),
                            sender.keyId(),
                            sender.enteredBy(),
                            s.order().addressedTo(),
                            entity,
                            routedFrom),
                    new RequestState(
                            RequestStatus.in_review,
                            sender.verification(),
                            s.isEmergency(),
                            s.gag().map(Submission.Gag::until),
                            flags,
                            false),
                    RequestClock.started(
                            receivedAt, receivedAt.plus(s.instrument().clock(s, receivedAt))),
                    s);
            if (!Requests.insert(h, json, r, sha)) {
                // another node stored the same reference after the look-up above and has committed it
                return repeatOf(h, agencyId, s, sha)
                        .orElseThrow(() -> new IllegalStateException("reference conflict without a stored request"));
            }
            List<String> subjects = new ArrayList<>();
            for (int i = 0; i < s.targets().size(); i++) {
                Submission.Target t = s.targets().get(i);
                String subject = resolve(h, t);
                Requests.insertTarget(h, id, i, t.locator(), subject);
                if (subject != null) {
                    subjects.add(subject);
                }
            }
            document.ifPresent(d -> tx.handle()
                    .createUpdate("""
                    INSERT INTO lawful_document (id, request_id, name, media_type, sha256, content, created_at)
                    VALUES (:id, :r, :n, :m, :sha, :c, :at)""")
                    .bind("id", Ids.next("doc", tx.clock()))
                    .bind("r", id)
                    .bind("n", d.name())
                    .bind("m", d.mediaType())
                    .bind("sha", HexFormat.of().formatHex(ContentDigest.digest("SHA-256", d.content())))
                    .bind("c", java.util.Base64.getEncoder().encodeToString(d.content()))
                    .bind("at", tx.now().toEpochMilli())
                    .execute());
            log.received(tx, r, subjects);
            UserNotices.create(tx, r, subjects);
            UserNotices.push(tx, outbox);
            Audit.record(
                    tx,
                    actor,
                    "request.receive",
                    "request:" + id,
                    null,
                    "by the " + sender.lane() + " lane: " + s.instrument().title() + ", "
                            + s.kind().name().replace('_', ' ')
                            + (flags.isEmpty()
                                    ? ""
                                    : "; flagged: "
                                            + String.join(
                                                    ", ",
                                                    flags.stream()
                                                            .map(f -> f.replace('_', ' '))
                                                            .toList())));
            routedFrom.ifPresent(from -> Audit.record(
                    tx,
                    "system",
                    "request.route",
                    "request:" + id,
                    null,
                    "addressed to " + from + ", answered by " + entity));
            Decisions.Result d = decisions.decide(tx, r, "policy");
            tx.afterCommit(() ->
                    metrics.received(sender.lane(), d.evaluation().outcome().name(), routedFrom.isPresent()));
            return new Received(id, false);
        });
    }

    /**
     * The request the agency already sent under this reference, if any. The same submission (as
     * stored, or byte for byte) is a repeat; anything else under the reference is refused, since
     * answering it with the stored request would hide that it asked something else.
     */
    private Optional<Received> repeatOf(Handle h, String agencyId, Submission s, String sha) {
        return Requests.byReference(h, agencyId, s.reference()).map(e -> {
            if (e.body().equals(json.write(s)) || e.bodySha256().equals(sha)) {
                return new Received(e.id(), true);
            }
            throw new FulcrumException.Conflict("reference " + s.reference() + " was already used by agency " + agencyId
                    + " for request " + e.id() + ", which asked something else; a new request needs a new reference");
        });
    }

    /**
     * An agency acts only for the jurisdictions it was registered for: a request claiming another
     * is refused and recorded, so it can never follow another jurisdiction's process.
     */
    private void requireCovered(Anomalies.Sender sender, Submission s, byte[] body) {
        String agencyId = sender.agencyId().orElseThrow();
        List<String> covered = db.read(h -> h.createQuery("SELECT jurisdictions FROM agency WHERE id = :a")
                        .bind("a", agencyId)
                        .mapTo(String.class)
                        .findOne())
                .map(j -> List.of(j.split(",")))
                .orElse(List.of());
        if (covered.contains(s.jurisdiction())) {
            return;
        }
        SignatureRejected e = new SignatureRejected(
                SignatureRejected.Reason.JURISDICTION_NOT_COVERED,
                "agency "
                        + agencyId + " is registered to act for " + String.join(", ", covered) + ", not for "
                        + s.jurisdiction() + "; a request for " + s.jurisdiction() + " must come from an authority of "
                        + s.jurisdiction());
        String path = switch (sender.lane()) {
            case api -> "/v1/lawful/requests";
            case portal -> "/portal/requests";
            case manual -> "/console/lawful/manual";
        };
        rejections.record(
                e,
                new Rejections.Attempt(
                        sender.lane(),
                        Optional.of(s.jurisdiction()),
                        Optional.of(agencyId),
                        sender.officerId(),
                        sender.keyId(),
                        Optional.empty(),
                        "POST",
                        path,
                        body));
        metrics.rejected(e.reason());
        throw e;
    }

    /** The subject a target names: its platform id, the locator itself, or the last segment of a URL. */
    public static String resolve(Handle h, Submission.Target t) {
        if (t.subjectId().isPresent()) {
            return t.subjectId().get();
        }
        String locator = t.locator().strip();
        if (locator.matches("[A-Za-z0-9][A-Za-z0-9:_.\\-]{0,127}")
                && Subjects.find(h, locator).isPresent()) {
            return locator;
        }
        try {
            String path = URI.create(locator).getPath();
            if (path != null) {
                String last = path.replaceAll("/+$", "");
                last = last.substring(last.lastIndexOf('/') + 1);
                if (!last.isEmpty()
                        && last.matches("[A-Za-z0-9][A-Za-z0-9:_.\\-]{0,127}")
                        && Subjects.find(h, last).isPresent()) {
                    return last;
                }
            }
        } catch (IllegalArgumentException e) {
            // not a URI: the locator stays unresolved and policy asks for clarification
        }
        return null;
    }
}
