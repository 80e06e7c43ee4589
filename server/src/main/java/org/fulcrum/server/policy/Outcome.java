package org.fulcrum.server.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** The outcome of evaluating a request against the policy. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Outcome.Comply.class, name = "comply"),
    @JsonSubTypes.Type(value = Outcome.ComplyInPart.class, name = "comply_in_part"),
    @JsonSubTypes.Type(value = Outcome.Refuse.class, name = "refuse"),
    @JsonSubTypes.Type(value = Outcome.Clarify.class, name = "clarify"),
    @JsonSubTypes.Type(value = Outcome.Escalate.class, name = "escalate")
})
public sealed interface Outcome {
    /** The outcome's name as stored and published: comply, comply_in_part, refuse, clarify, escalate. */
    default String name() {
        return switch (this) {
            case Comply c -> "comply";
            case ComplyInPart c -> "comply_in_part";
            case Refuse r -> "refuse";
            case Clarify c -> "clarify";
            case Escalate e -> "escalate";
        };
    }

    /** Everything asked for, as asked. */
    record Comply(List<Measure> measures) implements Outcome {
        public Comply {
            measures = List.copyOf(measures);
        }
    }

    /** Part of what was asked: a geo-restriction instead of a removal, fewer targets, narrower data. */
    record ComplyInPart(List<Measure> measures, List<String> withheld) implements Outcome {
        public ComplyInPart {
            measures = List.copyOf(measures);
            withheld = List.copyOf(withheld);
        }
    }

    /** Nothing, for the reason a principle gives. */
    record Refuse(String principle, String rule, String reason) implements Outcome {}

    /** The authority must clarify before anything is decided; the clock stops meanwhile. */
    record Clarify(List<String> questions) implements Outcome {
        public Clarify {
            questions = List.copyOf(questions);
        }
    }

    /** A person must act first: record a finding, verify by call-back, or review. */
    record Escalate(List<Need> needs, List<String> reasons) implements Outcome {
        public Escalate {
            needs = List.copyOf(needs);
            reasons = List.copyOf(reasons);
        }
    }
}
