package org.fulcrum.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.config.StoreSync;
import org.fulcrum.server.core.Role;

/**
 * Builds the real app for a test, on a free port and a fresh data folder (or PostgreSQL schema). A
 * fresh SQLite folder starts from a copy of the migrated {@link SchemaTemplate}.
 */
public final class TestApp implements AutoCloseable {
    private final App app;
    private final Path dataDir;
    private String platformToken;

    private TestApp(App app, Path dataDir) {
        this.app = app;
        this.dataDir = dataDir;
    }

    public static Config config(Path dataDir) {
        return new ConfigLoader()
                .set("port", "0")
                .set("data", dataDir.toString())
                .set("host", "127.0.0.1")
                // Thousands of sign-ins a run: hashes at the standard cost are PasswordsTest's.
                .set("auth.password.cost", "minimal")
                // Commits reach the operating system before they are acknowledged, as with the default,
                // but are synced only at checkpoints: safe from kill -9, not from a power loss, which no
                // test data needs. The tests of durability itself use the default (durable(...)).
                .set("store.sync", "normal")
                .load()
                .withOutboxTiming(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    public static TestApp sqlite(UnaryOperator<Config> customise) {
        try {
            Path dir = Files.createTempDirectory("fulcrum-test");
            return new TestApp(
                    App.create(SchemaTemplate.seed(customise.apply(config(dir))), Clock.systemUTC())
                            .start(),
                    dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app on SQLite with the given clock, for tests of deadlines and windows. */
    public static TestApp sqlite(Clock clock, UnaryOperator<Config> customise) {
        try {
            Path dir = Files.createTempDirectory("fulcrum-test");
            return new TestApp(
                    App.create(SchemaTemplate.seed(customise.apply(config(dir))), clock)
                            .start(),
                    dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A config for {@code dataDir} whose folder gets a copy of the migrated {@link SchemaTemplate} when
     * it holds no database yet, for tests that build the app themselves on a fresh folder.
     */
    public static Config seeded(Path dataDir) {
        return SchemaTemplate.seed(config(dataDir));
    }

    /** {@link #config} with the store's default durability: every commit synced before it is acknowledged. */
    public static Config durable(Path dataDir) {
        return config(dataDir).withStoreSync(StoreSync.full);
    }

    /** The app on SQLite in an existing data folder: a restart after {@link #close()} or a crash. */
    public static TestApp sqliteAt(Path dir, UnaryOperator<Config> customise) {
        return new TestApp(
                App.create(customise.apply(config(dir)), Clock.systemUTC()).start(), dir);
    }

    public static TestApp sqlite() {
        return sqlite(UnaryOperator.identity());
    }

    /** The keys every PostgreSQL node of this test run shares, as an operator mounts them for all nodes. */
    static final org.fulcrum.server.config.KeyFiles KEYS = SharedKeyFiles.create("fulcrum.log/localhost");

    public static TestApp postgres(UnaryOperator<Config> customise) {
        Postgres.require();
        try {
            Path dir = Files.createTempDirectory("fulcrum-test-pg");
            Config c = SharedKeyFiles.use(config(dir).withDatabase(Postgres.URL, "", "", Postgres.freshSchema()), KEYS);
            return new TestApp(App.create(customise.apply(c), Clock.systemUTC()).start(), dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app on an existing PostgreSQL schema: a second node beside one built by {@link #postgres}. */
    public static TestApp postgresAt(String schema, UnaryOperator<Config> customise) {
        Postgres.require();
        try {
            Path dir = Files.createTempDirectory("fulcrum-test-pg");
            Config c = SharedKeyFiles.use(config(dir).withDatabase(Postgres.URL, "", "", schema), KEYS);
            return new TestApp(App.create(customise.apply(c), Clock.systemUTC()).start(), dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether detection has scanned every event stored so far, waiting up to {@code millis}. */
    public boolean detectionIdle(long millis) throws InterruptedException {
        return app.module(DetectionModule.class).detection().pipeline().awaitIdle(millis);
    }

    /** The log size the published transparency report covers. */
    public long reportedLogSize() {
        return app.module(TransparencyModule.class).reports().current().logSize();
    }

    public App app() {
        return app;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String url() {
        return app.baseUrl();
    }

    public Http http() {
        return new Http(url());
    }

    /** A platform API token, issued once per test app. */
    public String platformToken() {
        if (platformToken == null) {
            platformToken = app.module(AuthModule.class)
                    .tokens()
                    .issue("test", Role.PLATFORM, "platform", "test platform")
                    .secret();
        }
        return platformToken;
    }

    public Http platform() {
        return http().bearer(platformToken());
    }

    public long queryLong(String sql) {
        Long v = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery(sql).mapTo(Long.class).one());
        return v;
    }

    public String queryString(String sql) {
        String v = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery(sql).mapTo(String.class).one());
        return v;
    }

    public long count(String table) {
        return app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT COUNT(*) FROM " + table)
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public void close() {
        app.close();
    }
}
