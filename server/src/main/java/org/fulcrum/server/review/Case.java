package org.fulcrum.server.review;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.fulcrum.server.platform.SubjectKind;

/**
 * A case: everything reported about one subject until a decision. On the wire it is one flat
 * object: the parts are unwrapped.
 *
 * @param id the case id
 * @param subjectId the subject
 * @param subjectKind its kind
 * @param status open or decided
 * @param queueId the queue it is routed to
 * @param urgency the reason and source of its most urgent notice, and its place in the review order
 * @param tally how many notices and distinct reporters, and when they came
 * @param clock its SLA deadline and breach
 * @param claim who is working it, until when
 * @param resolution when and by which decision it was decided
 */
public record Case(
        String id,
        String subjectId,
        SubjectKind subjectKind,
        String status,
        String queueId,
        @JsonUnwrapped Urgency urgency,
        @JsonUnwrapped NoticeTally tally,
        @JsonUnwrapped CaseClock clock,
        @JsonUnwrapped Claim claim,
        @JsonUnwrapped Resolution resolution) {

    public boolean open() {
        return status.equals("open");
    }
}
