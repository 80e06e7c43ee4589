package org.fulcrum.server.lawful.decision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.lawful.request.ContentOrder;
import org.fulcrum.server.lawful.request.DataAsked;
import org.fulcrum.server.lawful.request.DataRequest;
import org.fulcrum.server.lawful.request.Element;
import org.fulcrum.server.lawful.request.EmergencyRequest;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.RequestKind;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.lawful.request.Verification;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.policy.Facts;
import org.fulcrum.server.policy.Findings;
import org.fulcrum.server.policy.Policy;
import org.jdbi.v3.core.Handle;

/** Builds what the policy sees of a request from the request and what Fulcrum knows of its targets. */
public final class RequestFacts {
    private RequestFacts() {}

    static Facts build(Handle h, LawfulRequest r, Policy policy) {
        Submission s = r.submission();
        RequestKind kind = r.kind();
        Facts.Request request = request(
                s,
                r.lane(),
                r.state().emergency(),
                r.state().verification() == Verification.callback_confirmed,
                policy);
        List<Facts.Target> targets = new ArrayList<>();
        if (kind.targetsAccounts()) {
            for (String account : s.accounts()) {
                targets.add(target(h, account, Optional.of(account), kind.discloses()));
            }
        } else if (kind != RequestKind.hand_over_keys) {
            for (Requests.Target t : Requests.targets(h, r.id())) {
                targets.add(target(h, t.subjectId().orElse(t.locator()), t.subjectId(), false));
            }
        }
        return new Facts(request, targets, r.jurisdiction());
    }

    /** The request-level facts, from the submission and the policy's judicial-authorisation profile. */
    public static Facts.Request request(
            Submission s, Lane lane, boolean emergency, boolean callbackVerified, Policy policy) {
        RequestKind kind = s.kind();
        // What the request is about in law: a content order's ground, a data request's offence.
        About about = switch (s) {
            case ContentOrder c -> new About(c.category().orElse(""), "", 0);
            case DataRequest d -> offence(d.data());
            case EmergencyRequest e -> offence(e.data());
        };
        return new Facts.Request(
                kind.name(),
                s.instrument().name(),
                lane.name(),
                kind.measure(),
                kind.restricts(),
                kind.discloses(),
                kind == RequestKind.preserve_data,
                emergency,
                callbackVerified,
                s.issuer().validatingAuthority().map(a -> a.type().name()).orElse(""),
                about.category(),
                about.crime(),
                about.offenceMaxYears(),
                s.dataAsked(),
                judiciallyAuthorised(s, policy));
    }

    /**
     * Whether every element the profile names for the instrument is present, a validating authority
     * counting only when it is of a judicial type (the principles' list {@code judicial_authorities}).
     * An instrument the profile names no element for is not judicial.
     */
    public static boolean judiciallyAuthorised(Submission s, Policy policy) {
        List<String> elements = policy.judicialElements(s.instrument().name());
        List<String> judicial = policy.principles().lists().getOrDefault("judicial_authorities", List.of());
        if (elements.isEmpty()) {
            return false;
        }
        for (String name : elements) {
            Optional<Element> element = Arrays.stream(Element.values())
                    .filter(e -> e.field().equals(name))
                    .findFirst();
            if (element.isEmpty() || !element.get().presentIn(s)) {
                return false;
            }
            if (element.get() == Element.VALIDATING_AUTHORITY
                    && !judicial.contains(s.issuer()
                            .validatingAuthority()
                            .orElseThrow()
                            .type()
                            .name())) {
                return false;
            }
        }
        return true;
    }

    /** The ground of illegality of content, or the offence a data request concerns and its maximum sentence. */
    private record About(String category, String crime, int offenceMaxYears) {}

    private static About offence(DataAsked data) {
        return new About("", data.crime().orElse(""), data.offenceMaxYears().orElse(0));
    }

    private static Facts.Target target(Handle h, String ref, Optional<String> subjectId, boolean privateDataCounts) {
        Optional<Subject> subject = subjectId.flatMap(id -> Subjects.find(h, id));
        boolean known = subject.isPresent();
        if (!known && privateDataCounts && subjectId.isPresent()) {
            known = h.createQuery("SELECT COUNT(*) FROM account_private_data WHERE account_id = :a")
                            .bind("a", subjectId.get())
                            .mapTo(Integer.class)
                            .one()
                    > 0;
        }
        String finding = subjectId
                .flatMap(id -> Findings.latest(h, id))
                .map(f -> f.finding().name())
                .orElse("");
        String kind = subject.map(x -> x.kind().name()).orElse(known ? "account" : "");
        return new Facts.Target(
                ref, kind, known, finding, subject.map(Subject::audience).orElse(0L));
    }
}
