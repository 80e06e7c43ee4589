package org.fulcrum.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
        List<String> trustedProxies) {

    public Config {
        mediaOrigin = mediaOrigin == null ? Optional.empty() : mediaOrigin.map(Config::origin);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(cluster, "cluster");
        management = management == null ? ManagementConfig.DEFAULT : management;
        franking = franking == null ? FrankingConfig.DEFAULT : franking;
        video = video == null ? VideoConfig.DEFAULT : video;
        exchange = exchange == null ? ExchangeConfig.DEFAULT : exchange;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
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
        return new Config(
                newPort,
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
                trustedProxies);
    }

    public Config withWebhook(String url, String secret) {
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
                Optional.ofNullable(url),
                secret,
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
                trustedProxies);
    }

    public Config withDatabase(String url, String user, String password, String schema) {
        return new Config(
                port,
                host,
                dataDir,
                Optional.ofNullable(url),
                user,
                password,
                schema,
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
                trustedProxies);
    }

    /** The same settings behind the reverse proxies at {@code addresses}. */
    public Config withTrustedProxies(List<String> addresses) {
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
                addresses);
    }

    public Config withRateLimits(int perIp, int perToken) {
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
                perIp,
                perToken,
                outboxMaxBackoff,
                webhookTimeout,
                cluster,
                mediaOrigin,
                management,
                franking,
                video,
                exchange,
                trustedProxies);
    }

    public Config withPublicUrl(String url) {
        return new Config(
                port,
                host,
                dataDir,
                databaseUrl,
                databaseUser,
                databasePassword,
                databaseSchema,
                url,
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
                trustedProxies);
    }

    public Config withOutboxTiming(Duration maxBackoff, Duration timeout) {
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
                maxBackoff,
                timeout,
                cluster,
                mediaOrigin,
                management,
                franking,
                video,
                exchange,
                trustedProxies);
    }

    public Config withCluster(ClusterConfig newCluster) {
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
                newCluster,
                mediaOrigin,
                management,
                franking,
                video,
                exchange,
                trustedProxies);
    }

    public Config withMediaOrigin(String origin) {
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
                Optional.ofNullable(origin),
                management,
                franking,
                video,
                exchange,
                trustedProxies);
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
                newManagement,
                franking,
                video,
                exchange,
                trustedProxies);
    }

    public Config withFranking(FrankingConfig newFranking) {
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
                newFranking,
                video,
                exchange,
                trustedProxies);
    }

    public Config withVideo(VideoConfig newVideo) {
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
                newVideo,
                exchange,
                trustedProxies);
    }

    public Config withExchange(ExchangeConfig newExchange) {
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
                newExchange,
                trustedProxies);
    }

    /** Whether the server is reached over TLS, which makes its cookies {@code Secure} and {@code __Host-}. */
    public boolean https() {
        return publicUrl != null && publicUrl.regionMatches(true, 0, "https://", 0, 8);
    }

    /** Cluster mode: actions go to Kafka (and content events may come from it). */
    public boolean clustered() {
        return cluster.kafka().isPresent();
    }
}
