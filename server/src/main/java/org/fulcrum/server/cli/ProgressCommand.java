package org.fulcrum.server.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.store.Database;
import org.jdbi.v3.core.statement.StatementContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Progress of long-running enforcement work read from the store: the latest sweeps and retro-hunts,
 * each with a bar, what it did and its status. With {@code --watch} it redraws every second until
 * nothing runs any more.
 */
@Command(
        name = "progress",
        mixinStandardHelpOptions = true,
        description = "Show the progress of sweeps and retro-hunts (read from the store).")
public final class ProgressCommand implements Callable<Integer> {
    @Option(names = "--data", description = "the data folder of an embedded store")
    Path data;

    @Option(names = "--config", description = "instead of --data: a configuration file (for PostgreSQL)")
    Path config;

    @Option(names = "--watch", description = "redraw every second until nothing runs")
    boolean watch;

    /** One line of work in progress. */
    record Line(String kind, String id, String name, String status, long done, long total, String detail) {
        int percent() {
            return !status.equals("running") && !status.equals("paused")
                    ? 100
                    : total == 0 ? 0 : (int) Math.min(100, done * 100 / total);
        }

        boolean active() {
            return status.equals("running");
        }
    }

    @Override
    public Integer call() throws Exception {
        if ((data == null) == (config == null)) {
            System.err.println("give exactly one of --data and --config");
            return 2;
        }
        ConfigLoader loader = new ConfigLoader().file(config).environment(System.getenv());
        if (data != null) {
            loader.set("data", data.toString());
        }
        try (Database db = Database.open(loader.load(), Clock.systemUTC())) {
            while (true) {
                List<Line> lines = read(db);
                print(lines, System.out);
                if (!watch || lines.stream().noneMatch(Line::active)) {
                    return 0;
                }
                Thread.sleep(1_000);
                System.out.println();
            }
        }
    }

    static List<Line> read(Database db) {
        List<Line> sweeps =
                db.read(h -> h.createQuery("""
                        SELECT id, status, decided, skipped, total FROM review_sweep ORDER BY started_at DESC LIMIT 10""").map(ProgressCommand::sweep).list());
        List<Line> hunts =
                db.read(h -> h.createQuery("""
                        SELECT id, detector_name, status, scanned, total, matched FROM detect_hunt
                        ORDER BY started_at DESC LIMIT 10""").map(ProgressCommand::hunt).list());
        return java.util.stream.Stream.concat(sweeps.stream(), hunts.stream()).toList();
    }

    private static Line sweep(ResultSet rs, StatementContext ctx) throws SQLException {
        long decided = rs.getLong("decided");
        long skipped = rs.getLong("skipped");
        return new Line(
                "sweep",
                rs.getString("id"),
                "",
                rs.getString("status"),
                decided + skipped,
                rs.getLong("total"),
                decided + " decided, " + skipped + " skipped");
    }

    private static Line hunt(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Line(
                "hunt",
                rs.getString("id"),
                rs.getString("detector_name"),
                rs.getString("status"),
                rs.getLong("scanned"),
                rs.getLong("total"),
                rs.getLong("matched") + " matched");
    }

    static void print(List<Line> lines, PrintStream out) {
        if (lines.isEmpty()) {
            out.println("no sweeps or retro-hunts");
        }
        for (Line l : lines) {
            out.printf(
                    Locale.ROOT,
                    "%-5s %-28s %s %3d%%  %,d of %,d  %s  %s%s%n",
                    l.kind(),
                    l.id(),
                    bar(l.percent(), 30),
                    l.percent(),
                    l.done(),
                    l.total(),
                    l.status(),
                    l.detail(),
                    l.name().isEmpty() ? "" : "  (" + l.name() + ")");
        }
    }

    /** A text progress bar {@code width} characters wide between brackets. */
    static String bar(int percent, int width) {
        int filled = Math.max(0, Math.min(width, percent * width / 100));
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}
