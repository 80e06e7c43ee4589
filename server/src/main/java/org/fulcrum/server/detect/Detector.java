package org.fulcrum.server.detect;

import java.util.Optional;
import org.fulcrum.server.notice.Reason;

/**
 * What matched, as the response to a match needs it: a bank, a rule or a classifier, with its
 * policy and reason.
 *
 * @param kind bank, rule or classifier
 * @param id the bank or rule id, or the classifier's name
 * @param name its name, for notices, statements and the console
 * @param policy what a match leads to
 * @param reason the reason a match stands for
 * @param legalGround the law a match breaks, if any
 * @param preserveDays legal hold length for {@code remove_preserve_report}
 */
public record Detector(
        Kind kind,
        String id,
        String name,
        MatchPolicy policy,
        Reason reason,
        Optional<String> legalGround,
        int preserveDays) {
    /** The three sources of matches. */
    public enum Kind {
        bank,
        rule,
        classifier
    }

    static Detector of(Bank b) {
        return new Detector(
                Kind.bank,
                b.id(),
                b.name(),
                b.policy().orElse(MatchPolicy.review),
                b.reason().orElse(Reason.unspecified),
                b.legalGround(),
                b.preserveDays());
    }

    static Detector of(DetectionRule r) {
        return new Detector(Kind.rule, r.id(), r.name(), r.policy(), r.reason(), r.legalGround(), 90);
    }

    /** How the detector is named in notices: "bank:known-csam", "rule:crypto scams". */
    public String label() {
        return kind + ":" + name;
    }
}
