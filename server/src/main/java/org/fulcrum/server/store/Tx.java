package org.fulcrum.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * One unit of work inside a write transaction. Gives the JDBI handle, the clock, a place for what
 * must happen once the unit is durably committed (waking a dispatcher), what must be undone in
 * memory if the unit rolls back, and resources shared by every unit of the same group commit
 * (the transparency log buffers its appends in one and writes them in a batch before the commit).
 */
public final class Tx {
    private final Handle handle;
    private final Clock clock;
    private final Group group;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> onRollback = new ArrayList<>();

    Tx(Handle handle, Clock clock, Group group) {
        this.handle = handle;
        this.clock = clock;
        this.group = group;
    }

    public Handle handle() {
        return handle;
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * A JDBC statement for {@code sql} (with {@code ?} parameters), prepared once for the whole group
     * commit and reused by every unit of it: the hot write paths (notice intake, case folds) bind
     * and run it instead of preparing a statement per row. The statement is closed after the
     * commit; callers must not close it, and must close each result set they open before the unit
     * ends.
     */
    public PreparedStatement prepared(String sql) {
        return group.prepared(handle, sql);
    }

    /** Runs {@code hook} after the commit that makes this unit durable; never if it is rolled back. */
    public void afterCommit(Runnable hook) {
        afterCommit.add(hook);
    }

    /** Runs {@code hook} if this unit is rolled back (to undo what it buffered in memory). */
    public void onRollback(Runnable hook) {
        onRollback.add(hook);
    }

    /**
     * The resource of {@code type} shared by every unit of this transaction, created on first use;
     * its {@link GroupResource#beforeCommit} runs once, just before the commit.
     */
    public <T extends GroupResource> T shared(Class<T> type, Supplier<T> create) {
        return type.cast(group.resources.computeIfAbsent(type, t -> create.get()));
    }

    List<Runnable> afterCommitHooks() {
        return afterCommit;
    }

    void rolledBack() {
        for (int i = onRollback.size() - 1; i >= 0; i--) {
            onRollback.get(i).run();
        }
    }

    /** State shared by the units of one transaction, flushed before it commits. */
    public interface GroupResource {
        void beforeCommit(Handle handle);
    }

    /** A statement prepared with {@link #prepared} failed; carries the SQL and the cause. */
    public static final class SqlFailure extends RuntimeException {
        public SqlFailure(String sql, SQLException cause) {
            super(cause.getMessage() + " [" + sql.strip().replaceAll("\\s+", " ") + "]", cause);
        }
    }

    /** The units committed together. */
    static final class Group implements AutoCloseable {
        final Map<Class<?>, GroupResource> resources = new LinkedHashMap<>();
        final Map<String, PreparedStatement> statements = new HashMap<>();

        PreparedStatement prepared(Handle handle, String sql) {
            PreparedStatement s = statements.get(sql);
            if (s == null) {
                try {
                    s = handle.getConnection().prepareStatement(sql);
                } catch (SQLException e) {
                    throw new SqlFailure(sql, e);
                }
                statements.put(sql, s);
            }
            return s;
        }

        /** Runs {@code sql} (no parameters, no rows) through a statement prepared once for the group. */
        void execute(Handle handle, String sql) {
            try {
                prepared(handle, sql).execute();
            } catch (SQLException e) {
                throw new SqlFailure(sql, e);
            }
        }

        /** Closes the statements prepared for the group; the connection stays open. */
        @Override
        public void close() {
            for (PreparedStatement s : statements.values()) {
                try {
                    s.close();
                } catch (SQLException ignored) {
                    // The connection goes back to the pool (or is closed) next; nothing to undo.
                }
            }
            statements.clear();
        }

        void beforeCommit(Handle handle) {
            for (GroupResource r : resources.values()) {
                r.beforeCommit(handle);
            }
        }
    }

    /** Work to run in a write transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws Exception;
    }
}
