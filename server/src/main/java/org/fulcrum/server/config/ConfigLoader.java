package org.fulcrum.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@link Config} from layered sources. Keys are dotted lower case in the file
 * ({@code database.url}) and upper snake case with a {@code FULCRUM_} prefix in the environment
 * ({@code FULCRUM_DATABASE_URL}). Later layers win: defaults, file, environment, flags.
 *
 * <p>Keys under {@code kafka.client.} (file and {@link #set} only) pass through, without the
 * prefix, to every Kafka client: {@code kafka.client.security.protocol=SASL_SSL}.
 */
public final class ConfigLoader {
    /** Every key the loader knows; an unknown key in a file is an error, not silently ignored. */
    public static final Set<String> KEYS = Set.of(
            "port",
            "host",
            "data",
            "database.url",
            "database.user",
            "database.password",
            "database.schema",
            "public.url",
            "log.origin",
            "webhook.url",
            "platform.media.origin",
            "webhook.secret",
            "limits.body.bytes",
            "limits.events.per.batch",
            "ratelimit.ip.per.minute",
            "ratelimit.token.per.minute",
            "proxy.trusted",
            "auth.password.cost",
            "store.sync",
            "outbox.max.backoff.seconds",
            "webhook.timeout.seconds",
            "node.id",
            "outbox.claim.seconds",
            "kafka.bootstrap",
            "kafka.topic.actions",
            "kafka.topic.events",
            "kafka.topic.events.dead",
            "kafka.group",
            "kafka.delivery.timeout.seconds",
            "outbox.concurrency",
            "webhook.batch.size",
            "management.host",
            "management.port",
            "metrics.token",
            "log.key.file",
            "lawful.answer.key.file",
            "evidence.key.file",
            "shutdown.drain.seconds",
            "shutdown.grace.seconds",
            "detect.orphaned.seconds",
            "detect.sweep.millis",
            "franking.max.stamp.age.days",
            "franking.accept.version1",
            "video.max.bytes",
            "video.max.pixels",
            "video.max.duration.seconds",
            "video.max.frames",
            "video.seconds.per.hash",
            "exchange.poll.seconds");
    /** Keys with this prefix are settings of the Kafka clients. */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

    private final Map<String, String> values = new HashMap<>();

    public ConfigLoader() {
        values.put("port", "8080");
        values.put("host", "0.0.0.0");
        values.put("data", "./fulcrum-data");
        values.put("database.user", "");
        values.put("database.password", "");
        values.put("database.schema", "public");
        values.put("limits.body.bytes", String.valueOf(4 * 1024 * 1024));
        values.put("limits.events.per.batch", "1000");
        values.put("ratelimit.ip.per.minute", "6000");
        values.put("ratelimit.token.per.minute", "600000");
        values.put("outbox.max.backoff.seconds", "300");
        values.put("webhook.timeout.seconds", "10");
        values.put("outbox.claim.seconds", "60");
        values.put("outbox.concurrency", "64");
        values.put("webhook.batch.size", "1");
        values.put("auth.password.cost", PasswordCost.standard.name());
        values.put("store.sync", StoreSync.full.name());
        values.put("shutdown.drain.seconds", "0");
        values.put("shutdown.grace.seconds", "20");
        values.put(
                "detect.orphaned.seconds",
                String.valueOf(ClusterConfig.TakeOver.DEFAULTS.orphaned().toSeconds()));
        values.put(
                "detect.sweep.millis",
                String.valueOf(ClusterConfig.TakeOver.DEFAULTS.sweep().toMillis()));
        values.put("kafka.topic.actions", "fulcrum.actions");
        values.put("kafka.topic.events", "fulcrum.events");
        values.put("kafka.topic.events.dead", "fulcrum.events.dead");
        values.put("kafka.group", "fulcrum-ingest");
        values.put("kafka.delivery.timeout.seconds", "30");
        values.put("management.host", "127.0.0.1");
        values.put("franking.max.stamp.age.days", "30");
        values.put("franking.accept.version1", "true");
        values.put("video.max.bytes", String.valueOf(VideoConfig.DEFAULT.maxBytes()));
        values.put("video.max.pixels", String.valueOf(VideoConfig.DEFAULT.maxPixels()));
        values.put(
                "video.max.duration.seconds",
                String.valueOf(VideoConfig.DEFAULT.maxDuration().toSeconds()));
        values.put("video.max.frames", String.valueOf(VideoConfig.DEFAULT.maxFrames()));
        values.put("video.seconds.per.hash", String.valueOf(VideoConfig.DEFAULT.secondsPerHash()));
        values.put(
                "exchange.poll.seconds",
                String.valueOf(ExchangeConfig.DEFAULT.poll().toSeconds()));
    }

    public ConfigLoader file(Path file) {
        if (file == null) {
            return this;
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        for (String key : props.stringPropertyNames()) {
            if (!known(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + file + "; known keys: " + KEYS
                        + " and " + KAFKA_CLIENT_PREFIX + "*");
            }
            values.put(key, props.getProperty(key).trim());
        }
        return this;
    }

    public ConfigLoader environment(Map<String, String> env) {
        for (String key : KEYS) {
            String name = "FULCRUM_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                values.put(key, value.trim());
            }
        }
        return this;
    }

    public ConfigLoader set(String key, String value) {
        if (!known(key)) {
            throw new IllegalArgumentException("unknown config key " + key);
        }
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    public Config load() {
        int port = intValue("port");
        Path data = Path.of(values.get("data")).toAbsolutePath().normalize();
        String publicUrl = values.getOrDefault("public.url", "http://localhost:" + port);
        return new Config(
                port,
                values.get("host"),
                data,
                optional("database.url"),
                values.get("database.user"),
                values.get("database.password"),
                values.get("database.schema"),
                publicUrl,
                values.getOrDefault("log.origin", originOf(publicUrl)),
                optional("webhook.url"),
                values.getOrDefault("webhook.secret", ""),
                longValue("limits.body.bytes"),
                intValue("limits.events.per.batch"),
                intValue("ratelimit.ip.per.minute"),
                intValue("ratelimit.token.per.minute"),
                Duration.ofSeconds(longValue("outbox.max.backoff.seconds")),
                Duration.ofSeconds(longValue("webhook.timeout.seconds")),
                cluster(),
                optional("platform.media.origin"),
                new ManagementConfig(
                        values.get("management.host"),
                        optional("management.port").map(v -> intValue("management.port")),
                        optional("metrics.token")),
                new FrankingConfig(
                        Duration.ofDays(longValue("franking.max.stamp.age.days")),
                        booleanValue("franking.accept.version1")),
                new VideoConfig(
                        longValue("video.max.bytes"),
                        longValue("video.max.pixels"),
                        Duration.ofSeconds(longValue("video.max.duration.seconds")),
                        longValue("video.max.frames"),
                        doubleValue("video.seconds.per.hash")),
                new ExchangeConfig(Duration.ofSeconds(longValue("exchange.poll.seconds"))),
                optional("proxy.trusted").stream()
                        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                        .map(String::strip)
                        .filter(v -> !v.isEmpty())
                        .toList(),
                enumValue("auth.password.cost", PasswordCost.class),
                enumValue("store.sync", StoreSync.class));
    }

    /** The value of {@code key} as one of {@code type}'s constants, refused naming them all. */
    private <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String v = values.get(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(v)) {
                return constant;
            }
        }
        List<String> names =
                java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        throw new IllegalArgumentException(key + " must be " + String.join(" or ", names) + ", was '" + v + "'");
    }

    private double doubleValue(String key) {
        try {
            return Double.parseDouble(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + values.get(key) + "'");
        }
    }

    private static boolean known(String key) {
        return KEYS.contains(key) || key.startsWith(KAFKA_CLIENT_PREFIX) && key.length() > KAFKA_CLIENT_PREFIX.length();
    }

    private ClusterConfig cluster() {
        String nodeId = optional("node.id").orElseGet(ConfigLoader::defaultNodeId);
        Optional<ClusterConfig.Kafka> kafka = optional("kafka.bootstrap").map(bootstrap -> {
            Map<String, String> client = new TreeMap<>();
            values.forEach((k, v) -> {
                if (k.startsWith(KAFKA_CLIENT_PREFIX)) {
                    client.put(k.substring(KAFKA_CLIENT_PREFIX.length()), v);
                }
            });
            return new ClusterConfig.Kafka(
                    bootstrap,
                    values.get("kafka.topic.actions"),
                    optional("kafka.topic.events"),
                    values.get("kafka.topic.events.dead"),
                    values.get("kafka.group"),
                    Duration.ofSeconds(longValue("kafka.delivery.timeout.seconds")),
                    client);
        });
        return new ClusterConfig(
                nodeId,
                Duration.ofSeconds(longValue("outbox.claim.seconds")),
                kafka,
                new ClusterConfig.Delivery(intValue("outbox.concurrency"), intValue("webhook.batch.size")),
                new KeyFiles(
                        optional("log.key.file").map(Path::of),
                        optional("lawful.answer.key.file").map(Path::of),
                        optional("evidence.key.file").map(Path::of)),
                new ClusterConfig.Shutdown(
                        Duration.ofSeconds(longValue("shutdown.drain.seconds")),
                        Duration.ofSeconds(longValue("shutdown.grace.seconds"))),
                new ClusterConfig.TakeOver(
                        Duration.ofSeconds(longValue("detect.orphaned.seconds")),
                        Duration.ofMillis(longValue("detect.sweep.millis"))));
    }

    /**
     * The host name (from the environment: resolving it can stall on a badly set up resolver) and a
     * random suffix, so that two processes on one host differ without any setting.
     */
    private static String defaultNodeId() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME"))
                .filter(h -> !h.isBlank())
                .orElse("node");
        return host + "-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());
    }

    /**
     * The log's URL prefix without scheme or trailing slash, as C2SP tlog-checkpoint recommends for
     * the origin line: the log is served under {@code <public.url>/log}.
     */
    static String originOf(String publicUrl) {
        String prefix = publicUrl
                .strip()
                .replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "")
                .replaceFirst("[?#].*$", "")
                .replaceAll("/+$", "");
        return prefix + "/log";
    }

    private Optional<String> optional(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    private int intValue(String key) {
        try {
            return Integer.parseInt(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + values.get(key) + "'");
        }
    }

    private boolean booleanValue(String key) {
        String v = values.get(key).strip().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + values.get(key) + "'");
        }
        return v.equals("true");
    }

    private long longValue(String key) {
        try {
            return Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + values.get(key) + "'");
        }
    }
}
