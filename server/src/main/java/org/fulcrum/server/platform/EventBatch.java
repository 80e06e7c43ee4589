package org.fulcrum.server.platform;

import java.util.List;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/** A batch of content events, as posted to {@code POST /v1/platform/events}. */
public record EventBatch(List<ContentEvent> events) {
    public EventBatch {
        if (events == null || events.isEmpty()) {
            throw new InvalidInput("events", "must contain at least one event");
        }
        events = List.copyOf(events);
    }

    /** What ingestion did with each event of a batch. */
    public record Result(int accepted, int duplicates, List<EventResult> events) {}

    /** One event's fate: {@code accepted} the first time, {@code duplicate} on every retry. */
    public record EventResult(String eventId, String status) {}
}
