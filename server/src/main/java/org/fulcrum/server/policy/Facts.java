package org.fulcrum.server.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the policy sees of a request: the request's own facts, each target's facts, and the
 * requesting jurisdiction. Stored with every decision so it can be replayed.
 *
 * @param request facts about the request as a whole
 * @param targets facts about each item, account or container it names (may be empty)
 * @param jurisdiction the requesting jurisdiction's code
 */
public record Facts(Request request, List<Target> targets, String jurisdiction) {
    public Facts {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /**
     * Request-level facts. Empty strings stand for "not given". {@code judiciallyAuthorised} says whether
     * the elements the jurisdiction profile names for the instrument show a judge or a court issued or
     * validated the request, so that principles judge substance, not one legal system's field names.
     */
    public record Request(
            String kind,
            String instrument,
            String lane,
            MeasureKind measure,
            boolean restricts,
            boolean discloses,
            boolean preserves,
            boolean emergency,
            boolean callbackVerified,
            String validatingAuthority,
            String category,
            String crime,
            long offenceMaxYears,
            List<String> dataCategories,
            Boolean judiciallyAuthorised) {
        public Request {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(measure, "measure");
            instrument = instrument == null ? "" : instrument;
            lane = lane == null ? "" : lane;
            validatingAuthority = validatingAuthority == null ? "" : validatingAuthority;
            category = category == null ? "" : category;
            crime = crime == null ? "" : crime;
            dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
            // absent from facts stored before it existed: they are read as not judicially authorised
            judiciallyAuthorised = Boolean.TRUE.equals(judiciallyAuthorised);
        }

        public Request withCallbackVerified(boolean verified) {
            return new Request(
                    kind,
                    instrument,
                    lane,
                    measure,
                    restricts,
                    discloses,
                    preserves,
                    emergency,
                    verified,
                    validatingAuthority,
                    category,
                    crime,
                    offenceMaxYears,
                    dataCategories,
                    judiciallyAuthorised);
        }

        Map<String, Object> cel(List<String> categories) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("instrument", instrument);
            m.put("lane", lane);
            m.put("measure", measure.name());
            m.put("restricts", restricts);
            m.put("discloses", discloses);
            m.put("preserves", preserves);
            m.put("emergency", emergency);
            m.put("callback_verified", callbackVerified);
            m.put("validating_authority", validatingAuthority);
            m.put("category", category);
            m.put("crime", crime);
            m.put("offence_max_years", offenceMaxYears);
            m.put("data_categories", new ArrayList<>(categories));
            m.put("judicially_authorised", judiciallyAuthorised);
            return m;
        }
    }

    /**
     * One target. {@code finding} is empty when no reviewer has recorded one.
     *
     * @param ref the subject or account id
     * @param kind the subject kind, empty when unknown
     * @param known whether Fulcrum knows the target
     * @param finding the latest reviewer finding, or empty
     * @param audience the reach of the target
     */
    public record Target(String ref, String kind, boolean known, String finding, long audience) {
        public Target {
            Objects.requireNonNull(ref, "ref");
            kind = kind == null ? "" : kind;
            finding = finding == null ? "" : finding;
        }

        Map<String, Object> cel() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("known", known);
            m.put("finding", finding);
            m.put("audience", audience);
            return m;
        }

        /** The stand-in target of a request that names none (a request for keys, say). */
        static Target none() {
            return new Target("", "", false, "", 0);
        }
    }

    public Facts withCallbackVerified(boolean verified) {
        return new Facts(request.withCallbackVerified(verified), targets, jurisdiction);
    }
}
