package org.fulcrum.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Json;
import org.junit.jupiter.api.Test;

/** The answer drafted before the write is, once the case ids are known, the one serialised after it. */
class AnswerDraftTest {
    private static final Json JSON = Json.strict();

    static NoticeReceipt receipt(String id, boolean lane, String... cases) {
        List<NoticeReceipt.ItemReceipt> items = new java.util.ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            items.add(new NoticeReceipt.ItemReceipt("post-\"" + id + "\"-" + i, cases[i]));
        }
        return new NoticeReceipt(
                id, "received", Source.user_report, lane, true, Instant.parse("2026-12-06T13:40:00.123Z"), items);
    }

    static NoticeReceipt undecided(NoticeReceipt r) {
        return new NoticeReceipt(
                r.trackingId(),
                r.status(),
                r.source(),
                r.priorityLane(),
                r.art16Complete(),
                r.receivedAt(),
                r.items().stream()
                        .map(i -> new NoticeReceipt.ItemReceipt(i.subjectId(), ""))
                        .toList());
    }

    @Test
    void aBatchAnswerWithTheCaseIdsSplicedInIsTheSerialisedAnswer() {
        List<NoticeReceipt> finished = List.of(
                receipt("ntc_1", false, "case_01ABC", "case_01ABD"),
                receipt("ntc_2", false, "case_01ABC"),
                receipt("ntc_3", false, "case_01XYZ", "case_01ABD", "case_02"));
        AnswerDraft draft = AnswerDraft.batch(
                        JSON, finished.stream().map(AnswerDraftTest::undecided).toList())
                .orElseThrow();
        String expected = JSON.write(new NoticeBatch.Answer(finished.stream()
                .map(r -> new NoticeBatch.Result(Optional.of(r), Optional.empty()))
                .toList()));
        assertThat(draft.finish(finished)).contains(expected);
    }

    @Test
    void aSingleAnswerWithTheCaseIdsSplicedInIsTheSerialisedReceipt() {
        NoticeReceipt finished = receipt("ntc_9", true, "case_7", "case_8");
        AnswerDraft draft = AnswerDraft.single(JSON, undecided(finished)).orElseThrow();
        assertThat(draft.finish(List.of(finished))).contains(JSON.write(finished));
    }

    @Test
    void receiptsOtherThanTheDraftedOnesAreLeftToTheSerialiser() {
        NoticeReceipt finished = receipt("ntc_4", false, "case_1");
        AnswerDraft draft =
                AnswerDraft.batch(JSON, List.of(undecided(finished))).orElseThrow();
        assertThat(draft.finish(List.of(receipt("ntc_4", true, "case_1"))))
                .as("another lane")
                .isEmpty();
        assertThat(draft.finish(List.of(finished, finished)))
                .as("another count")
                .isEmpty();
        assertThat(draft.finish(List.of(receipt("ntc_4", false, "case \"1\""))))
                .as("an id JSON would escape")
                .isEmpty();
    }
}
