package org.fulcrum.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the server is configured with. Built by {@link ConfigLoader} from defaults, a
 * properties file, {@code FULCRUM_*} environment variables and command-line flags, in that order.
 *
 * @param port HTTP port (0 picks a free one, for tests)
 * @param host address to bind
 * @param dataDir the data folder: the embedded database, the log signing key, generated keys
 * @param databaseUrl a PostgreSQL JDBC URL, or empty for the embedded SQLite store in the data folder
 * @param databaseUser user for the PostgreSQL URL
 * @param databasePassword password for the PostgreSQL URL
 * @param databaseSchema PostgreSQL schema to use (created if missing)
 * @param publicUrl the URL under which the server is reached, used in links and the log origin
 * @param logOrigin the transparency log's origin line
 * @param webhookUrl where enforcement actions are delivered; empty disables delivery
 * @param webhookSecret the HMAC-SHA256 key for webhook signatures
 * @param maxBodyBytes largest request body accepted
 * @param maxEventsPerBatch largest content-event batch accepted
 * @param rateLimitPerIp requests per minute per client address
 * @param rateLimitPerToken requests per minute per API token
 * @param outboxMaxBackoff the longest wait between two delivery attempts
 * @param webhookTimeout how long a webhook delivery may take before it counts as failed
 * @param cluster this node's identity among nodes sharing the database, and Kafka in cluster mode
 * @param mediaOrigin the platform's media origin ({@code https://media.example:443}): the console
 *     fetches media on view from there only, never from any other host
 * @param management where {@code /metrics} is served and whether it needs a token
 * @param franking how franked E2E reports are judged: maximum stamp age, whether version 1 is accepted
 * @param video bounds on the videos the server hashes itself
 * @param exchange how this platform follows other platforms' hash feeds
 * @param trustedProxies addresses of the reverse proxies in front of this server, whose
 *     {@code X-Forwarded-For} names the client; empty when clients connect directly
 * @param passwordCost the work of hashing a password ({@code standard} unless a test or demo server
 *     says otherwise)
 * @param storeSync when the embedded store syncs its commits to disk ({@code full} unless a test or
 *     demo server says otherwise)
 */
public record Config(
        int port,
        String host,
        Path dataDir,
        Optional<String> databaseUrl,
        String databaseUser,
        String databasePassword,
        String databaseSchema,
        String publicUrl,
        String logOrigin,
        Optional<String> webhookUrl,
        String webhookSecret,
        long maxBodyBytes,
        int maxEventsPerBatch,
        int rateLimitPerIp,
        int rateLimitPerToken,
        Duration outboxMaxBackoff,
        Duration webhookTimeout,
        ClusterConfig cluster,
        Optional<String> mediaOrigin,
        ManagementConfig management,
        FrankingConfig franking,
        VideoConfig video,
        ExchangeConfig exchange,
        List<String> trustedProxies,
        PasswordCost passwordCost,
        StoreSync storeSync) {

    public Config {
        mediaOrigin = mediaOrigin == null ? Optional.empty() : mediaOrigin.map(Config::origin);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(cluster, "cluster");
        management = management == null ? ManagementConfig.DEFAULT : management;
        franking = franking == null ? FrankingConfig.DEFAULT : franking;
        video = video == null ? VideoConfig.DEFAULT : video;
        exchange = exchange == null ? ExchangeConfig.DEFAULT : exchange;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        passwordCost = passwordCost == null ? PasswordCost.standard : passwordCost;
        storeSync = storeSync == null ? StoreSync.full : storeSync;
        if (webhookUrl.isPresent() && cluster.kafka().isPresent()) {
            throw new IllegalArgumentException("webhook.url and kafka.bootstrap exclude each other: actions go to the"
                    + " webhook in embedded mode and to the Kafka topic in cluster mode");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max body must be at least 1024 bytes");
        }
        if (maxEventsPerBatch < 1) {
            throw new IllegalArgumentException("max events per batch must be positive");
        }
    }

    public boolean embedded() {
        return databaseUrl.isEmpty();
    }

    public Config withPort(int newPort) {
        return copy(c -> c.port = newPort);
    }

    public Config withWebhook(String url, String secret) {
        return copy(c -> {
            c.webhookUrl = Optional.ofNullable(url);
            c.webhookSecret = secret;
        });
    }

    public Config withDatabase(String url, String user, String password, String schema) {
        return copy(c -> {
            c.databaseUrl = Optional.ofNullable(url);
            c.databaseUser = user;
            c.databasePassword = password;
            c.databaseSchema = schema;
        });
    }

    /** The same settings behind the reverse proxies at {@code addresses}. */
    public Config withTrustedProxies(List<String> addresses) {
        return copy(c -> c.trustedProxies = addresses);
    }

    public Config withRateLimits(int perIp, int perToken) {
        return copy(c -> {
            c.rateLimitPerIp = perIp;
            c.rateLimitPerToken = perToken;
        });
    }

    public Config withPublicUrl(String url) {
        return copy(c -> c.publicUrl = url);
    }

    public Config withOutboxTiming(Duration maxBackoff, Duration timeout) {
        return copy(c -> {
            c.outboxMaxBackoff = maxBackoff;
            c.webhookTimeout = timeout;
        });
    }

    public Config withStoreSync(StoreSync sync) {
        return copy(c -> c.storeSync = sync);
    }

    public Config withCluster(ClusterConfig newCluster) {
        return copy(c -> c.cluster = newCluster);
    }

    public Config withMediaOrigin(String origin) {
        return copy(c -> c.mediaOrigin = Optional.ofNullable(origin));
    }

    /**
     * The origin of {@code url} as scheme://host:port (lower case, the default port made explicit),
     * so that two spellings of one origin compare equal; throws for anything but http(s).
     */
    public static String origin(String url) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")
                || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("not an http(s) URL without user info: " + url);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    public Config withManagement(ManagementConfig newManagement) {
        return copy(c -> c.management = newManagement);
    }

    public Config withFranking(FrankingConfig newFranking) {
        return copy(c -> c.franking = newFranking);
    }

    public Config withVideo(VideoConfig newVideo) {
        return copy(c -> c.video = newVideo);
    }

    public Config withExchange(ExchangeConfig newExchange) {
        return copy(c -> c.exchange = newExchange);
    }

    /** Whether the server is reached over TLS, which makes its cookies {@code Secure} and {@code __Host-}. */
    public boolean https() {
        return publicUrl != null && publicUrl.regionMatches(true, 0, "https://", 0, 8);
    }

    /** Cluster mode: actions go to Kafka (and content events may come from it). */
    public boolean clustered() {
        return cluster.kafka().isPresent();
    }

    /** A copy of these settings with {@code change} made to it, validated as any other. */
    private Config copy(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The settings as mutable fields, so each {@code with...} names only what it changes. */
    private static final class Copy {
        private int port;
        private String host;
        private Path dataDir;
        private Optional<String> databaseUrl;
        private String databaseUser;
        private String databasePassword;
        private String databaseSchema;
        private String publicUrl;
        private String logOrigin;
        private Optional<String> webhookUrl;
        private String webhookSecret;
        private long maxBodyBytes;
        private int maxEventsPerBatch;
        private int rateLimitPerIp;
        private int rateLimitPerToken;
        private Duration outboxMaxBackoff;
        private Duration webhookTimeout;
        private ClusterConfig cluster;
        private Optional<String> mediaOrigin;
        private ManagementConfig management;
        private FrankingConfig franking;
        private VideoConfig video;
        private ExchangeConfig exchange;
        private List<String> trustedProxies;
        private PasswordCost passwordCost;
        private StoreSync storeSync;

        private Copy(Config from) {
            this.port = from.port;
            this.host = from.host;
            this.dataDir = from.dataDir;
            this.databaseUrl = from.databaseUrl;
            this.databaseUser = from.databaseUser;
            this.databasePassword = from.databasePassword;
            this.databaseSchema = from.databaseSchema;
            this.publicUrl = from.publicUrl;
            this.logOrigin = from.logOrigin;
            this.webhookUrl = from.webhookUrl;
            this.webhookSecret = from.webhookSecret;
            this.maxBodyBytes = from.maxBodyBytes;
            this.maxEventsPerBatch = from.maxEventsPerBatch;
            this.rateLimitPerIp = from.rateLimitPerIp;
            this.rateLimitPerToken = from.rateLimitPerToken;
            this.outboxMaxBackoff = from.outboxMaxBackoff;
            this.webhookTimeout = from.webhookTimeout;
            this.cluster = from.cluster;
            this.mediaOrigin = from.mediaOrigin;
            this.management = from.management;
            this.franking = from.franking;
            this.video = from.video;
            this.exchange = from.exchange;
            this.trustedProxies = from.trustedProxies;
            this.passwordCost = from.passwordCost;
            this.storeSync = from.storeSync;
        }

        private Config build() {
            return new Config(
                    port,
                    host,
                    dataDir,
                    databaseUrl,
                    databaseUser,
                    databasePassword,
                    databaseSchema,
                    publicUrl,
                    logOrigin,
                    webhookUrl,
                    webhookSecret,
                    maxBodyBytes,
                    maxEventsPerBatch,
                    rateLimitPerIp,
                    rateLimitPerToken,
                    outboxMaxBackoff,
                    webhookTimeout,
                    cluster,
                    mediaOrigin,
                    management,
                    franking,
                    video,
                    exchange,
                    trustedProxies,
                    passwordCost,
                    storeSync);
        }
    }
}
