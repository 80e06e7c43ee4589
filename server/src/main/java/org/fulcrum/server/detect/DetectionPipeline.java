package org.fulcrum.server.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.server.config.ClusterConfig;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.EventIngest;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans every accepted content event, after its commit, on a few platform worker threads fed by a
 * bounded queue. Ingestion asks first ({@link #admit}) and is refused with 503 while the queue is
 * full, so the platform slows down instead of events piling up in memory. A worker takes what is
 * waiting (up to {@link #BATCH} events), scans it, and records all its matches and their actions in
 * one durable unit ({@link BatchRecorder}).
 *
 * <p>The queue in memory is only a cache of the durable backlog ({@code detection_pending}): ingestion
 * writes a row with each event, and the unit that records a batch's matches deletes the batch's rows.
 * Events left by a crash or an abrupt stop are read back at the next start and scanned then, so every
 * committed event is scanned, and an event whose matches were recorded is never scanned again.
 *
 * <p>Across nodes, an event left in the backlog by a node that died is taken over by the others:
 * every node sweeps the backlog for rows older than {@code detect.orphaned.seconds} ({@link #sweepJob()}).
 */
public final class DetectionPipeline implements EventIngest.EventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionPipeline.class);
    static final int BATCH = 1_000;
    /** A backlog row this old belongs to no live node's queue: another node takes it over (default). */
    public static final Duration ORPHANED = ClusterConfig.TakeOver.DEFAULTS.orphaned();
    /** How often a node sweeps the backlog for orphaned rows (default). */
    public static final Duration SWEEP = ClusterConfig.TakeOver.DEFAULTS.sweep();

    private static final int SWEEP_ROWS = 500;

    private final Database db;
    private final Json json;
    private final BlockingQueue<ContentEvent> queue;
    /** Offered to the queue on stop so that an idle worker sees the stop at once; never scanned. */
    private static final ContentEvent WAKE = new ContentEvent(
            "wake",
            ContentEvent.EventType.created,
            "wake",
            SubjectKind.post,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Instant.EPOCH);

    private final long maxQueuedChars;
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private final BatchRecorder recorder;
    private volatile boolean running = true;
    private volatile boolean accepting = true;
    /** Backlog ids read when the pipeline was built, before any ingestion could add to the queue. */
    private volatile List<String> backlog = List.of();
    /** Ids this node has queued or is scanning: its sweep leaves them alone. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    private volatile boolean caughtUp;
    private final Duration orphaned;
    private final Duration sweepEvery;

    DetectionPipeline(
            Database db,
            Scanner scanner,
            Responder responder,
            Json json,
            Metrics metrics,
            int workerCount,
            int capacity,
            long maxQueuedChars,
            ClusterConfig.TakeOver takeOver) {
        this.orphaned = takeOver.orphaned();
        this.sweepEvery = takeOver.sweep();
        this.db = db;
        this.json = json;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxQueuedChars = maxQueuedChars;
        this.recorder = new BatchRecorder(db, scanner, responder, metrics);
        for (int i = 0; i < workerCount; i++) {
            workers.add(
                    Thread.ofPlatform().name("fulcrum-detect-" + i).daemon(true).unstarted(this::loop));
        }
    }

    /**
     * Reads the durable backlog; called while the app is being built, before any ingestion can queue
     * an event, so that no event is both in the backlog read and in the queue.
     */
    void readBacklog() {
        backlog = db.read(h -> h.createQuery("SELECT event_id FROM detection_pending ORDER BY event_id")
                .mapTo(String.class)
                .list());
    }

    void start() {
        workers.forEach(Thread::start);
        if (!backlog.isEmpty()) {
            LOG.atInfo().addKeyValue("events", backlog.size()).log("scanning events committed but not scanned before");
            inFlight.addAndGet(backlog.size());
            Thread.ofPlatform().name("fulcrum-detect-catch-up").daemon(true).start(this::catchUp);
        } else {
            caughtUp = true;
        }
    }

    /** Feeds the backlog to the workers in pages, waiting for room in the queue. */
    private void catchUp() {
        for (int from = 0; from < backlog.size() && running; from += 500) {
            List<String> ids = backlog.subList(from, Math.min(backlog.size(), from + 500));
            List<ContentEvent> events = db
                    .read(h -> h.createQuery(
                                    "SELECT body FROM content_event WHERE event_id IN (<ids>) ORDER BY event_id")
                            .bindList("ids", ids)
                            .mapTo(String.class)
                            .list())
                    .stream()
                    .map(this::event)
                    .toList();
            // An id whose event is gone (purged) has nothing left to scan.
            inFlight.addAndGet(events.size() - ids.size());
            for (ContentEvent e : events) {
                try {
                    queuedChars.addAndGet(e.text().map(String::length).orElse(0));
                    held.add(e.eventId());
                    queue.put(e);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        caughtUp = true;
    }

    /** The sweep as a job every node runs. */
    Job sweepJob() {
        return Job.perNode("detect.orphans", sweepEvery, this::sweep);
    }

    /**
     * Takes over backlog rows older than {@code detect.orphaned.seconds}: the events of a node that died before
     * scanning them. The rows taken get the current time, so no other node's sweep takes them for
     * that long more (on PostgreSQL the condition is checked again on a row another node just
     * took). An event a slow live node still holds may be scanned twice; its matches are recorded
     * once, by the unit that deletes its row. Returns the number of events queued.
     */
    int sweep() {
        if (!caughtUp || !running || queue.remainingCapacity() < SWEEP_ROWS) {
            return 0;
        }
        List<String> taken = db
                .write(tx -> {
                    long now = tx.now().toEpochMilli();
                    return tx.handle()
                            .createQuery("""
                            UPDATE detection_pending SET received_at = :now
                            WHERE event_id IN (SELECT event_id FROM detection_pending WHERE received_at < :stale
                                               ORDER BY received_at LIMIT :rows)
                              AND received_at < :stale
                            RETURNING event_id""")
                            .bind("now", now)
                            .bind("stale", now - orphaned.toMillis())
                            .bind("rows", SWEEP_ROWS)
                            .mapTo(String.class)
                            .list();
                })
                .stream()
                .filter(id -> !held.contains(id))
                .toList();
        if (taken.isEmpty()) {
            return 0;
        }
        List<ContentEvent> events = db
                .read(h -> h.createQuery("SELECT body FROM content_event WHERE event_id IN (<ids>) ORDER BY event_id")
                        .bindList("ids", taken)
                        .mapTo(String.class)
                        .list())
                .stream()
                .map(this::event)
                .toList();
        LOG.atInfo()
                .addKeyValue("events", events.size())
                .log("taking over events committed but not scanned by their node");
        int queued = 0;
        for (ContentEvent e : events) {
            if (!held.add(e.eventId())) {
                continue;
            }
            long chars = e.text().map(String::length).orElse(0);
            queuedChars.addAndGet(chars);
            inFlight.incrementAndGet();
            if (!queue.offer(e)) {
                // Left in the backlog: a sweep takes it again once it is orphaned again.
                held.remove(e.eventId());
                queuedChars.addAndGet(-chars);
                inFlight.decrementAndGet();
                break;
            }
            queued++;
        }
        return queued;
    }

    private ContentEvent event(String body) {
        try {
            return json.read(body, ContentEvent.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored content event is unreadable", e);
        }
    }

    @Override
    public void admit(int count, long textChars) {
        if (!accepting) {
            throw new FulcrumException.Unavailable("detection is shutting down");
        }
        if (queue.remainingCapacity() < count || queuedChars.get() + textChars > maxQueuedChars) {
            throw new FulcrumException.Unavailable("detection is behind; retry the batch shortly");
        }
    }

    @Override
    public void accepted(List<ContentEvent> events) {
        for (ContentEvent e : events) {
            long chars = e.text().map(String::length).orElse(0);
            queuedChars.addAndGet(chars);
            inFlight.incrementAndGet();
            held.add(e.eventId());
            try {
                if (!queue.offer(e, 30, TimeUnit.SECONDS)) {
                    held.remove(e.eventId());
                    queuedChars.addAndGet(-chars);
                    inFlight.decrementAndGet();
                    LOG.atError()
                            .addKeyValue("event", e.eventId())
                            .log("detection queue stayed full; event not scanned");
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                queuedChars.addAndGet(-chars);
                inFlight.decrementAndGet();
                return;
            }
        }
    }

    private void loop() {
        List<ContentEvent> batch = new ArrayList<>(BATCH);
        // No draining on stop: what is still queued stays in the durable backlog for the next start.
        while (running) {
            try {
                ContentEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null || first == WAKE) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                batch.removeIf(e -> e == WAKE);
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("detection batch failed", e);
            } finally {
                for (ContentEvent e : batch) {
                    queuedChars.addAndGet(-e.text().map(String::length).orElse(0));
                    held.remove(e.eventId());
                }
                inFlight.addAndGet(-batch.size());
                batch.clear();
            }
        }
    }

    /** Scans {@code events} and records what matched; the part a load driver measures. */
    void process(List<ContentEvent> events) {
        recorder.process(events);
    }

    /** Events accepted but not yet fully processed. */
    public long pending() {
        return inFlight.get();
    }

    /** Waits until every accepted event has been processed (tests, shutdown); false on timeout. */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() {
        accepting = false;
        stopWorkers();
    }

    /**
     * Stops the workers after their current batch, leaving queued events unscanned in the durable
     * backlog (what a crash leaves behind; the next start scans them).
     */
    void stopWorkers() {
        running = false;
        for (int i = 0; i < workers.size(); i++) {
            queue.offer(WAKE);
        }
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
