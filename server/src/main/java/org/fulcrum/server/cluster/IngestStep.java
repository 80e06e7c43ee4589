package org.fulcrum.server.cluster;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.EventBatch;
import org.fulcrum.server.platform.EventIngest;

/**
 * Ingests the well-formed events of one poll, in batches of at most the configured size. When a
 * batch fails while the store is working, its events are tried one by one, and those the store
 * refuses alone are handed back for the dead-letter topic; when the store is not working, the
 * failure propagates so that nothing is committed.
 */
final class IngestStep {
    private final EventIngest ingest;
    private final BooleanSupplier storeHealthy;
    private final int maxBatch;

    IngestStep(EventIngest ingest, BooleanSupplier storeHealthy, int maxBatch) {
        this.ingest = ingest;
        this.storeHealthy = storeHealthy;
        this.maxBatch = maxBatch;
    }

    /** An event and the record it came in. */
    record Item(ConsumerRecord<byte[], byte[]> record, ContentEvent event) {}

    /** A record the store would not take, and why. */
    record Refused(ConsumerRecord<byte[], byte[]> record, String reason) {}

    /** What became of one poll's events. */
    record Outcome(long accepted, long duplicates, List<Refused> refused) {}

    Outcome ingest(List<Item> items) {
        long accepted = 0;
        long duplicates = 0;
        List<Refused> refused = new ArrayList<>();
        for (int from = 0; from < items.size(); from += maxBatch) {
            List<Item> chunk = items.subList(from, Math.min(items.size(), from + maxBatch));
            try {
                EventBatch.Result result = ingest.ingest(
                        new EventBatch(chunk.stream().map(Item::event).toList()));
                accepted += result.accepted();
                duplicates += result.duplicates();
            } catch (RuntimeException e) {
                rethrowIfTransient(e);
                for (Item item : chunk) {
                    try {
                        EventBatch.Result one = ingest.ingest(new EventBatch(List.of(item.event())));
                        accepted += one.accepted();
                        duplicates += one.duplicates();
                    } catch (RuntimeException single) {
                        rethrowIfTransient(single);
                        refused.add(new Refused(item.record(), "refused by the store: " + rootMessage(single)));
                    }
                }
            }
        }
        return new Outcome(accepted, duplicates, refused);
    }

    /** A failure that says nothing against the event: the store is down, busy, or lost a race. */
    private void rethrowIfTransient(RuntimeException e) {
        if (e instanceof FulcrumException.Unavailable || transientSqlState(e) || !storeHealthy.getAsBoolean()) {
            throw e;
        }
    }

    private static boolean transientSqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                // connection (08), rollback: serialisation or deadlock (40), resources (53),
                // operator intervention (57), system error (58)
                return List.of("08", "40", "53", "57", "58")
                        .contains(sql.getSQLState().substring(0, 2));
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return String.valueOf(c.getMessage());
    }
}
