package org.fulcrum.server.notice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Tx;

/**
 * Where intake hands each item of a notice: the review side folds it into the one open case of its
 * subject (creating the subject and the case if needed), routes and prioritises the case.
 */
public interface Triage {
    /** Folds {@code item} into its subject's open case, in the intake's transaction. */
    Folded fold(Tx tx, Incoming item);

    /**
     * Folds {@code items} in order, as {@link #fold} would one by one, in the intake's transaction;
     * the answers are in the same order. An implementation batches the statements of the whole list.
     */
    default List<Folded> foldAll(Tx tx, List<Incoming> items) {
        return items.stream().map(in -> fold(tx, in)).toList();
    }

    /**
     * One item of one notice, as intake saw it.
     *
     * @param noticeId the notice
     * @param subjectId the item
     * @param kindIfUnknown the kind to record if Fulcrum has not seen the subject yet
     * @param reason why it was reported
     * @param source where the notice came from
     * @param priorityLane whether the notice is on the priority lane (trusted flagger in its expertise, authority)
     * @param reporterKey who reported, for reporter counts (empty for anonymous reports and detection)
     * @param at when the notice was received
     */
    record Incoming(
            String noticeId,
            String subjectId,
            SubjectKind kindIfUnknown,
            Reason reason,
            Source source,
            boolean priorityLane,
            Optional<String> reporterKey,
            Instant at) {}

    /**
     * The case an item landed in.
     *
     * @param caseId the case
     * @param created whether the item opened a new case (rather than folding into one)
     * @param subjectCountry the country of the subject's author, if known, for reporting tasks
     */
    record Folded(String caseId, boolean created, Optional<String> subjectCountry) {}
}
