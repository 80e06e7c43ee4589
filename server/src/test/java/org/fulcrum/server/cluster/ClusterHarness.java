package org.fulcrum.server.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.detect.RuleSpec;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.ChildJvm;
import org.fulcrum.server.support.KafkaBroker;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Bodies;
import org.jdbi.v3.core.Jdbi;

/**
 * Fulcrum nodes as separate processes ({@code fulcrum serve}, each its own JVM, data folder and
 * loopback port) on one PostgreSQL schema and one KRaft broker in this JVM, with the shared keys
 * every node is given, the topics created before the first node starts, a platform token, and a
 * keyword rule that removes what it matches (so detection produces enforcement actions). A node can
 * be killed ({@code kill -9}), frozen and resumed ({@code SIGSTOP}/{@code SIGCONT}, to pick the
 * moment of a kill) and started again.
 */
public final class ClusterHarness implements AutoCloseable {
    private static final Json JSON = Json.strict();
    private static final Bodies BODIES = new Bodies(Long.MAX_VALUE, JSON);

    public static final String ACTIONS = "cluster.actions";
    public static final String EVENTS = "cluster.events";
    public static final int PARTITIONS = 6;
    public static final String GROUP = "fulcrum-cluster";
    /** The words the harness's rule removes. */
    public static final String BANNED = "vermin people";
    /** Outbox claim lease: above the Kafka send timeout (2 s blocked + 4 s delivery + 1 s). */
    public static final Duration CLAIM_LEASE = Duration.ofSeconds(8);

    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(4);
    /**
     * The ingest consumers' session: the broker's minimum. Not shorter: the dead node's partitions
     * would then move before the survivors' sweep takes its detection backlog, and on a loaded
     * machine the events of those partitions queue ahead of the backlog and delay its take-over.
     */
    public static final Duration SESSION = Duration.ofSeconds(6);
    /** How often the consumers heartbeat: a rebalance reaches every member within a second. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** Every node's public URL, the one lawful requests are signed for, as behind one load balancer. */
    public static final String PUBLIC_URL = "http://localhost:8080";

    private final KafkaBroker kafka;
    private final boolean ownsKafka;
    private final String schema;
    private final KeyFiles keys;
    private final Path root;
    private final String platformToken;
    private final Staff staff;
    private final Officer officer;
    private final Jdbi db;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private Admin admin;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Session secrets of the staff the harness signed in: a moderator and a legal reviewer. */
    public record Staff(String moderator, String legal) {}

    /** The officer sending lawful requests: agency, officer and the private signing key. */
    public record Officer(String agencyId, String officerId, Jwk signing) {}

    /** One node process. */
    public record Node(String name, int port, Path data, Process process) {
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public boolean alive() {
            return process.isAlive();
        }
    }

    private ClusterHarness(
            KafkaBroker kafka,
            boolean ownsKafka,
            String schema,
            KeyFiles keys,
            Path root,
            String platformToken,
            Staff staff,
            Officer officer) {
        this.kafka = kafka;
        this.staff = staff;
        this.officer = officer;
        this.ownsKafka = ownsKafka;
        this.schema = schema;
        this.keys = keys;
        this.root = root;
        this.platformToken = platformToken;
        this.db = Jdbi.create(Postgres.URL + (Postgres.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    /**
     * A fresh schema and topics on {@code kafka} (a broker of its own when null, started while the
     * schema is prepared), prepared by a node in this JVM that then stops: migrations, the shared
     * keys recorded, the rule, a platform token, the staff and the officer.
     */
    public static ClusterHarness prepare(KafkaBroker kafka) throws Exception {
        Postgres.require();
        boolean owns = kafka == null;
        CompletableFuture<KafkaBroker> starting =
                owns ? CompletableFuture.supplyAsync(KafkaBroker::start) : CompletableFuture.completedFuture(kafka);
        Setup setup;
        try {
            setup = setUp();
        } catch (Throwable t) {
            starting.thenAccept(b -> {
                if (owns) {
                    b.close();
                }
            });
            throw t;
        }
        KafkaBroker broker = starting.join();
        broker.createTopic(ACTIONS, PARTITIONS);
        broker.createTopic(EVENTS, PARTITIONS);
        broker.createTopic(EVENTS + ".dead", 1);
        return new ClusterHarness(
                broker,
                owns,
                setup.schema(),
                setup.keys(),
                setup.root(),
                setup.platformToken(),
                setup.staff(),
                setup.officer());
    }

    /** What the setup node left: the schema, the shared keys, the nodes' folder and the credentials. */
    private record Setup(String schema, KeyFiles keys, Path root, String platformToken, Staff staff, Officer officer) {}

    private static Setup setUp() throws Exception {
        String schema = Postgres.freshSchema();
        KeyFiles keys = SharedKeyFiles.create("fulcrum.log/localhost");
        Path root = Files.createTempDirectory("fulcrum-cluster");
        Config c = TestApp.config(Files.createDirectories(root.resolve("setup")))
                .withDatabase(Postgres.URL, "", "", schema);
        c = SharedKeyFiles.use(c.withCluster(c.cluster().withNodeId("setup")), keys);
        String token;
        Staff staff;
        Officer officer;
        try (App setup = App.create(c, Clock.systemUTC())) {
            token = setup.module(AuthModule.class)
                    .tokens()
                    .issue("harness", Role.PLATFORM, "platform", "cluster harness")
                    .secret();
            RuleSpec rule = BODIES.parse(
                    JSON.write(Map.of(
                                    "name",
                                    "banned words",
                                    "kind",
                                    "keywords",
                                    "patterns",
                                    List.of(BANNED),
                                    "policy",
                                    "remove",
                                    "reason",
                                    "hate_speech"))
                            .getBytes(StandardCharsets.UTF_8),
                    RuleSpec.class);
            setup.module(DetectionModule.class).detection().rules().create("staff:harness", rule);
            setup.module(AuthModule.class)
                    .staff()
                    .bootstrapAdmin(); // as a node's start does: the admin who grants the staff roles
            StaffSessions sessions = new StaffSessions(setup);
            staff = new Staff(
                    sessions.signIn("harness.moderator", Role.MODERATOR), sessions.signIn("harness.legal", Role.LEGAL));
            officer = officer(setup.module(LawfulModule.class).lawful().authorities());
        }
        return new Setup(schema, keys, root, token, staff, officer);
    }

    /** A German police agency and one officer, both verified out of band, with an Ed25519 signing key. */
    private static Officer officer(Authorities registry) {
        String actor = "staff:harness";
        String agency = registry.createAgency(
                actor,
                new Authorities.NewAgency(
                        "Bundeskriminalamt", "DE", "police", List.of("DE"), "+49 611 55 0", "desk@bka.example"));
        String officer = registry.createOfficer(
                actor,
                new Authorities.NewOfficer(
                        agency,
                        "Officer of the BKA",
                        "officer@bka.example",
                        "+49 611 55 1",
                        "harness.officer",
                        "harness-officer-password"));
        registry.verify(actor, "agency", agency, "called the switchboard listed in the government directory");
        registry.verify(actor, "officer", officer, "video call with badge, confirmed by the switchboard");
        Jwk signing = Jwk.newEd25519();
        registry.addKey(actor, officer, "sign", signing.x(), false);
        return new Officer(agency, officer, signing);
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public String platformToken() {
        return platformToken;
    }

    public Staff staff() {
        return staff;
    }

    public Officer officer() {
        return officer;
    }

    public Jdbi db() {
        return db;
    }

    public String schema() {
        return schema;
    }

    /** The nodes started so far, alive or not. */
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    public List<Node> alive() {
        return nodes.values().stream().filter(Node::alive).toList();
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    /** Starts the named nodes at once and waits until every one answers ready. */
    public List<Node> start(String... names) throws Exception {
        List<Node> started = new ArrayList<>();
        for (String name : names) {
            started.add(launch(name));
        }
        for (Node n : started) {
            awaitReady(n, Duration.ofSeconds(120));
        }
        return started;
    }

    /** Starts the named node's process and returns at once; {@link #awaitReady} waits for it. */
    public Node launch(String name) throws IOException {
        Path data = Files.createDirectories(root.resolve(name));
        Node previous = nodes.get(name);
        int port = previous != null ? previous.port() : freePort();
        Path config = data.resolve("fulcrum.properties");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("public.url", PUBLIC_URL);
        settings.put("log.origin", "fulcrum.log/localhost");
        settings.put("database.url", Postgres.URL);
        settings.put("database.schema", schema);
        settings.put("node.id", name);
        settings.put("log.key.file", keys.logKey().orElseThrow().toString());
        settings.put("lawful.answer.key.file", keys.answerKey().orElseThrow().toString());
        settings.put("evidence.key.file", keys.evidenceKey().orElseThrow().toString());
        settings.put("kafka.bootstrap", kafka.bootstrap());
        settings.put("kafka.topic.actions", ACTIONS);
        settings.put("kafka.topic.events", EVENTS);
        settings.put("kafka.topic.events.dead", EVENTS + ".dead");
        settings.put("kafka.group", GROUP);
        settings.put("kafka.delivery.timeout.seconds", String.valueOf(DELIVERY_TIMEOUT.toSeconds()));
        settings.put("kafka.client.session.timeout.ms", String.valueOf(SESSION.toMillis()));
        settings.put("kafka.client.heartbeat.interval.ms", String.valueOf(HEARTBEAT.toMillis()));
        settings.put("outbox.claim.seconds", String.valueOf(CLAIM_LEASE.toSeconds()));
        settings.put("ratelimit.ip.per.minute", "100000000");
        settings.put("ratelimit.token.per.minute", "100000000");
        // as in every test app (TestApp.config): a node's start hashes a password, and no one signs in on a node
        settings.put("auth.password.cost", "minimal");
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) ->
                text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(config, text);
        List<String> cmd = ChildJvm.command(
                List.of("-Xmx384m", "-XX:+UseSerialGC"),
                "org.fulcrum.server.cli.Main",
                List.of(
                        "serve",
                        "--config",
                        config.toString(),
                        "--port",
                        String.valueOf(port),
                        "--data",
                        data.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        data.resolve("server.log").toFile()))
                .start();
        Node n = new Node(name, port, data, p);
        nodes.put(name, n);
        return n;
    }

    /** Waits until {@code n} answers {@code /readyz} with 200. */
    public void awaitReady(Node n, Duration within) {
        Await.await("node " + n.name() + " answers /readyz with 200", within, () -> {
            if (!n.alive()) {
                throw new AssertionError("node " + n.name() + " exited with "
                        + n.process().exitValue() + "; its log: " + n.data().resolve("server.log"));
            }
            return ready(n);
        });
    }

    public boolean ready(Node n) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(n.url() + "/readyz"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no release of claims or leases, nothing flushed. Returns when it is dead. */
    public Instant kill(Node n) throws InterruptedException {
        n.process().destroyForcibly();
        n.process().waitFor();
        return Instant.now();
    }

    /** SIGSTOP: the node does nothing more until resumed (its sockets stay open). */
    public void freeze(Node n) throws Exception {
        signal(n, "STOP");
    }

    public void resume(Node n) throws Exception {
        signal(n, "CONT");
    }

    private static void signal(Node n, String signal) throws Exception {
        Process kill = new ProcessBuilder(
                        "kill", "-" + signal, String.valueOf(n.process().pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException(
                    "kill -" + signal + " " + n.process().pid() + " failed");
        }
    }

    /** Waits until the ingest consumer group is stable with {@code members} members (a rebalance finished). */
    public void awaitConsumers(int members, Duration within) {
        Await.await(
                "the consumer group settles on " + members + " members",
                within,
                () -> {
                    ConsumerGroupDescription g = describe(admin());
                    return g.groupState() == GroupState.STABLE && g.members().size() == members;
                },
                () -> describe(admin()));
    }

    /** One admin client for the harness's questions about the consumer group, opened on first use. */
    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()));
        }
        return admin;
    }

    private static ConsumerGroupDescription describe(Admin admin) {
        try {
            return admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted describing the consumer group", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("could not describe the consumer group", e);
        }
    }

    /** Whether the ingest consumer group is stable with no member of {@code node}: its partitions moved. */
    public boolean consumersWithout(String node) {
        try {
            ConsumerGroupDescription g =
                    admin().describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            return g.groupState() == GroupState.STABLE
                    && !g.members().isEmpty()
                    && g.members().stream().noneMatch(m -> m.clientId().endsWith(node));
        } catch (Exception e) {
            return false;
        }
    }

    /** The node holding a singleton job's lease, if any. */
    public Optional<String> leaseHolder(String job) {
        return db.withHandle(h -> h.createQuery("SELECT holder FROM job_lease WHERE job = :job")
                .bind("job", job)
                .mapTo(String.class)
                .findOne());
    }

    public long count(String sql) {
        return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops every node (SIGTERM, then SIGKILL after 20 s) and the broker if it is this harness's. */
    @Override
    public void close() throws Exception {
        for (Node n : nodes.values()) {
            if (n.alive()) {
                try {
                    resume(n);
                } catch (Exception ignored) {
                    // it may have exited between the check and the signal
                }
                n.process().destroy();
            }
        }
        for (Node n : nodes.values()) {
            if (!n.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                n.process().destroyForcibly().waitFor();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (ownsKafka) {
            kafka.close();
        }
    }
}
