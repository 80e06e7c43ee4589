package org.fulcrum.server.lawful.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.fulcrum.server.core.FieldError;
import org.fulcrum.server.lawful.request.ContentOrder;
import org.fulcrum.server.lawful.request.DataCategory;
import org.fulcrum.server.lawful.request.DataRequest;
import org.fulcrum.server.lawful.request.Element;
import org.fulcrum.server.lawful.request.EmergencyRequest;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.lawful.request.RequestInvalid;
import org.fulcrum.server.lawful.request.RequestKind;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.policy.Jurisdiction;
import org.fulcrum.server.policy.Policy;

/**
 * Checks a request against its instrument before anything is stored: every required element
 * (SPEC 6) present, the kind one the instrument carries, the instrument one the jurisdiction uses,
 * the data asked for within what the instrument compels. Every fault is named at once.
 */
public final class Intake {
    private static final Set<DataCategory> TRAFFIC_OR_CONTENT = EnumSet.of(
            DataCategory.traffic_data, DataCategory.content, DataCategory.e2e_content, DataCategory.contacts);

    private Intake() {}

    public static void check(Submission s, Policy policy, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        Instrument instrument = s.instrument();
        Jurisdiction j = policy.jurisdiction(s.jurisdiction());
        if (!instrument.allows(s.kind())) {
            errors.add(new FieldError(
                    "kind",
                    "a " + instrument.title() + " cannot ask for " + s.kind() + "; it carries " + instrument.kinds()
                            + ". " + wayForward(j, s)));
        }
        if (!j.instruments().contains(instrument.name())) {
            errors.add(new FieldError(
                    "instrument",
                    instrument.name() + " is not an instrument of jurisdiction " + s.jurisdiction() + "; use one of "
                            + j.instruments() + ". " + wayForward(j, s)));
        }
        for (Element e : instrument.required()) {
            boolean targetElement = e == Element.LOCATORS || e == Element.ACCOUNTS || e == Element.TARGETS_OR_ACCOUNTS;
            // A request for keys names no item: policy refuses it, not a missing locator.
            if (targetElement && s.kind() == RequestKind.hand_over_keys) {
                continue;
            }
            if (!e.presentIn(s)) {
                errors.add(new FieldError(
                        e.field(), "missing required element of a " + instrument.title() + ": " + e.label()));
            }
        }
        if (s.kind().targetsAccounts()
                && s.accounts().isEmpty()
                && errors.stream().noneMatch(e -> e.field().equals("accounts"))) {
            errors.add(new FieldError("accounts", s.kind() + " names the accounts concerned"));
        }
        switch (s) {
            case ContentOrder order -> {
                if (!s.kind().targetsAccounts()
                        && s.targets().isEmpty()
                        && errors.stream().noneMatch(e -> e.field().equals("targets"))) {
                    errors.add(new FieldError("targets", s.kind() + " names the items by exact locator"));
                }
                if (order.category().isEmpty()
                        && errors.stream().noneMatch(e -> e.field().equals("category"))) {
                    errors.add(new FieldError("category", "an order to restrict states the ground of illegality"));
                }
            }
            case DataRequest data -> checkData(data, errors);
            case EmergencyRequest emergency -> {}
        }
        s.gag().ifPresent(g -> {
            if (!g.until().isAfter(now)) {
                errors.add(new FieldError("gag.until", "must be in the future"));
            }
            if (g.until().isAfter(now.plusSeconds(5L * 366 * 24 * 3600))) {
                errors.add(new FieldError("gag.until", "a gag may last at most 5 years; renew it if the law allows"));
            }
        });
        s.order().issuedAt().ifPresent(t -> {
            if (t.isAfter(now.plusSeconds(300))) {
                errors.add(new FieldError("issuedAt", "is in the future"));
            }
        });
        if (!errors.isEmpty()) {
            throw new RequestInvalid(
                    "the request is not valid as a " + instrument.title() + ": "
                            + errors.stream().map(e -> e.field()).distinct().toList(),
                    errors);
        }
    }

    /** What the instrument of a data request compels: a subpoena basic records, an EPOC traffic or content data only on a judge's word. */
    private static void checkData(DataRequest s, List<FieldError> errors) {
        Instrument instrument = s.instrument();
        List<DataCategory> categories = s.data().categories();
        if (instrument == Instrument.us_subpoena) {
            for (DataCategory c : categories) {
                if (!Instrument.SUBSCRIBER_RECORDS.contains(c) && c != DataCategory.encryption_keys) {
                    errors.add(new FieldError(
                            "dataCategories",
                            c + " is beyond the basic subscriber records a "
                                    + "subpoena compels; a 2703(d) order or a warrant is needed"));
                }
            }
        }
        if (instrument == Instrument.epoc && categories.stream().anyMatch(TRAFFIC_OR_CONTENT::contains)) {
            boolean judicial = s.issuer()
                    .validatingAuthority()
                    .map(a -> a.type() == Submission.AuthorityType.judge || a.type() == Submission.AuthorityType.court)
                    .orElse(false);
            if (!judicial) {
                errors.add(new FieldError(
                        "validatingAuthority",
                        "an EPOC for traffic or content data must be issued " + "or validated by a judge or a court"));
            }
            if (s.data().offenceMaxYears().orElse(0) < 3) {
                errors.add(new FieldError(
                        "offenceMaxYears",
                        "an EPOC for traffic or content data needs an offence " + "punishable by at least 3 years"));
            }
        }
    }

    /** Which instruments of the jurisdiction carry the kind asked for, so the answer names a way forward. */
    static String wayForward(Jurisdiction j, Submission s) {
        List<String> carrying = j.instruments().stream()
                .filter(name -> Arrays.stream(Instrument.values())
                        .anyMatch(i -> i.name().equals(name) && i.allows(s.kind())))
                .toList();
        if (carrying.isEmpty()) {
            return "No instrument of " + s.jurisdiction() + " carries " + s.kind() + "; see /contact for what each "
                    + "instrument may ask.";
        }
        return "To ask for " + s.kind() + " from " + s.jurisdiction() + ", send it as " + String.join(" or ", carrying)
                + " (see /contact for its required elements).";
    }
}
