package org.fulcrum.server;

import java.util.List;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.transparency.Checkpointer;
import org.fulcrum.server.transparency.LogEntryPage;
import org.fulcrum.server.transparency.LogFeature;
import org.fulcrum.server.transparency.LogHashes;
import org.fulcrum.server.transparency.LogWriter;
import org.fulcrum.server.transparency.TransparencyLog;
import org.fulcrum.server.transparency.report.ReportService;
import org.fulcrum.server.transparency.report.ReportsFeature;
import org.fulcrum.server.web.Feature;

/**
 * The transparency log: its one writer, the checkpointer (its jobs sign and follow checkpoints), the
 * report engine, and the log's and reports' endpoints. Its start signs the first checkpoint.
 */
public final class TransparencyModule implements Module {
    private final LogWriter log;
    private final Checkpointer checkpointer;
    private final ReportService reports;
    private final List<Feature> features;

    public TransparencyModule(Base base, StoreModule store) {
        this.log = new LogWriter(LogHashes.load(store.db()), base.json());
        this.checkpointer = new Checkpointer(store.db(), log, store.logKeys(), base.clock());
        this.reports = new ReportService(store.db(), checkpointer);
        this.features = List.of(
                new LogFeature(store.db(), log.hashes(), checkpointer, store.logKeys(), reports::current, base.json()),
                new LogEntryPage(store.db(), log.hashes(), checkpointer, store.logKeys(), base.pages(), base.json()),
                new ReportsFeature(
                        reports,
                        checkpointer,
                        store.logKeys(),
                        base.pages(),
                        base.config().publicUrl(),
                        base.json()));
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void schedule(Scheduler jobs) {
        checkpointer.schedule(jobs);
    }

    @Override
    public void start() {
        checkpointer.checkpoint();
    }

    /** The one append path of the transparency log. */
    public TransparencyLog log() {
        return log;
    }

    public LogWriter logWriter() {
        return log;
    }

    public Checkpointer checkpointer() {
        return checkpointer;
    }

    public ReportService reports() {
        return reports;
    }
}
