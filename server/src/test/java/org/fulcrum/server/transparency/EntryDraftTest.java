package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fulcrum.server.core.Json;
import org.junit.jupiter.api.Test;

/** A drafted entry, finished by the writer, has the bytes the finished entry encodes to. */
class EntryDraftTest {
    private static final Json JSON = Json.strict();

    static LogEntry entry(Map<String, Object> fields) {
        return LogEntry.of(
                EntryKind.notice_received,
                Instant.parse("2026-12-01T10:00:00.123Z"),
                "FR",
                "SCAMS_AND_FRAUD",
                "received",
                fields,
                Map.of("noticeId", "ntc_1", "subjects", List.of("p\"1", "p\u00012"), "reporter", "user:é"),
                "user:é");
    }

    @Test
    void theFinishedDraftEncodesAsTheEntryWithItsValues() {
        Map<String, Object> known = new LinkedHashMap<>();
        known.put("source", "user_report");
        known.put("reason", "scam \"quoted\" \u0001 é");
        known.put("items", 3);
        known.put("art16Complete", true);
        EntryDraft draft = EntryDraft.of(entry(known), Set.of("newCases", "priorityLane"), JSON);
        for (int newCases : List.of(0, 1, 3, 1_000_000)) {
            for (boolean lane : List.of(true, false)) {
                Map<String, Object> finished = new LinkedHashMap<>(known);
                finished.put("newCases", newCases);
                finished.put("priorityLane", lane);
                byte[] bytes = draft.bytes(Map.of("newCases", newCases, "priorityLane", lane));
                assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(new String(
                                EntryCodec.plain(
                                        entry(finished), draft.commitment().hex()),
                                java.nio.charset.StandardCharsets.UTF_8));
                // and the commitment opens with the details kept for it
                assertThat(EntryCodec.detailsMatch(
                                bytes, draft.commitment().key(), entry(finished).details()))
                        .isTrue();
            }
        }
    }

    @Test
    void openFieldsTakeExactlyTheirScalarValues() {
        EntryDraft draft = EntryDraft.of(entry(Map.of("items", 1)), Set.of("newCases"), JSON);
        assertThatThrownBy(() -> draft.bytes(Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> draft.bytes(Map.of("newCases", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> draft.bytes(Map.of("other", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryDraft.of(
                        entry(Map.of()).sealedUntil(Instant.parse("2027-01-01T00:00:00Z")), Set.of("newCases"), JSON))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
