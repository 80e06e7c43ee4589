package org.fulcrum.server.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How this node works with the others that share its database, and with Kafka in cluster mode.
 *
 * @param nodeId this node's name among those sharing the database; it marks the outbox records the
 *               node has claimed, so it must differ between nodes running at the same time
 * @param claimLease how long a claim on outbox records lasts; a node that dies holding claims
 *                   releases them when the lease runs out. Longer than one delivery attempt.
 * @param kafka the Kafka cluster of cluster mode; empty in embedded mode
 * @param delivery how this node delivers outbox records to the platform
 * @param keyFiles the secret files holding the keys every node shares; empty: the data folder's
 * @param shutdown how this node leaves: how long it reports itself not ready before it stops
 *                 listening, and how long requests in flight may take to finish
 * @param takeOver when a dead node's detection backlog is taken over by the others
 */
public record ClusterConfig(
        String nodeId,
        Duration claimLease,
        Optional<Kafka> kafka,
        Delivery delivery,
        KeyFiles keyFiles,
        Shutdown shutdown,
        TakeOver takeOver) {

    public ClusterConfig(String nodeId, Duration claimLease, Optional<Kafka> kafka) {
        this(nodeId, claimLease, kafka, Delivery.DEFAULTS, KeyFiles.NONE, Shutdown.DEFAULTS, TakeOver.DEFAULTS);
    }

    public ClusterConfig {
        if (nodeId == null || nodeId.isBlank() || nodeId.length() > 200) {
            throw new IllegalArgumentException("node.id must be 1 to 200 characters");
        }
        Objects.requireNonNull(claimLease, "claimLease");
        if (claimLease.toMillis() < 1_000) {
            throw new IllegalArgumentException("outbox.claim.seconds must be at least 1");
        }
        kafka = kafka == null ? Optional.empty() : kafka;
        delivery = delivery == null ? Delivery.DEFAULTS : delivery;
        keyFiles = keyFiles == null ? KeyFiles.NONE : keyFiles;
        shutdown = shutdown == null ? Shutdown.DEFAULTS : shutdown;
        takeOver = takeOver == null ? TakeOver.DEFAULTS : takeOver;
    }

    /** Embedded mode: one node, no Kafka. */
    public static ClusterConfig single(String nodeId) {
        return new ClusterConfig(
                nodeId,
                Duration.ofSeconds(60),
                Optional.empty(),
                Delivery.DEFAULTS,
                KeyFiles.NONE,
                Shutdown.DEFAULTS,
                TakeOver.DEFAULTS);
    }

    public ClusterConfig withKafka(Kafka settings) {
        return new ClusterConfig(
                nodeId, claimLease, Optional.ofNullable(settings), delivery, keyFiles, shutdown, takeOver);
    }

    public ClusterConfig withNodeId(String id) {
        return new ClusterConfig(id, claimLease, kafka, delivery, keyFiles, shutdown, takeOver);
    }

    public ClusterConfig withClaimLease(Duration lease) {
        return new ClusterConfig(nodeId, lease, kafka, delivery, keyFiles, shutdown, takeOver);
    }

    public ClusterConfig withDelivery(Delivery settings) {
        return new ClusterConfig(nodeId, claimLease, kafka, settings, keyFiles, shutdown, takeOver);
    }

    public ClusterConfig withKeyFiles(KeyFiles files) {
        return new ClusterConfig(nodeId, claimLease, kafka, delivery, files, shutdown, takeOver);
    }

    public ClusterConfig withShutdown(Shutdown settings) {
        return new ClusterConfig(nodeId, claimLease, kafka, delivery, keyFiles, settings, takeOver);
    }

    public ClusterConfig withTakeOver(TakeOver settings) {
        return new ClusterConfig(nodeId, claimLease, kafka, delivery, keyFiles, shutdown, settings);
    }

    /**
     * When the other nodes take over the content events a dead node had acknowledged but not yet
     * scanned: every node sweeps the durable detection backlog every {@code sweep} and takes the rows
     * older than {@code orphaned}. Take-over comes within orphaned + sweep + one scan; an event a live
     * node still holds in its queue for longer than {@code orphaned} may be scanned a second time by
     * another node (its matches are recorded once), so {@code orphaned} must stay above the time an
     * event waits in a busy node's queue.
     *
     * @param orphaned {@code detect.orphaned.seconds}, 1 to 3600
     * @param sweep {@code detect.sweep.millis}, 100 to 60000
     */
    public record TakeOver(Duration orphaned, Duration sweep) {
        public static final TakeOver DEFAULTS = new TakeOver(Duration.ofSeconds(5), Duration.ofSeconds(1));

        public TakeOver {
            Objects.requireNonNull(orphaned, "orphaned");
            Objects.requireNonNull(sweep, "sweep");
            if (orphaned.toSeconds() < 1 || orphaned.toSeconds() > 3600) {
                throw new IllegalArgumentException("detect.orphaned.seconds must be between 1 and 3600");
            }
            if (sweep.toMillis() < 100 || sweep.toMillis() > 60_000) {
                throw new IllegalArgumentException("detect.sweep.millis must be between 100 and 60000");
            }
        }
    }

    /**
     * How a node leaves without failing a request: readiness turns false at once, the node keeps
     * serving for {@code drain} so that load balancers polling readiness stop sending it new
     * requests, then it stops listening and gives requests already in flight up to {@code grace}
     * to finish before it closes the rest (its outbox claims are released last).
     *
     * @param drain {@code shutdown.drain.seconds}: 0 in a single embedded node; at least one
     *              readiness-probe period behind a load balancer
     * @param grace {@code shutdown.grace.seconds}: the longest wait for requests in flight
     */
    public record Shutdown(Duration drain, Duration grace) {
        public static final Shutdown DEFAULTS = new Shutdown(Duration.ZERO, Duration.ofSeconds(20));

        public Shutdown {
            Objects.requireNonNull(drain, "drain");
            Objects.requireNonNull(grace, "grace");
            if (drain.isNegative() || drain.toSeconds() > 600) {
                throw new IllegalArgumentException("shutdown.drain.seconds must be between 0 and 600");
            }
            if (grace.isNegative() || grace.toSeconds() > 600) {
                throw new IllegalArgumentException("shutdown.grace.seconds must be between 0 and 600");
            }
        }
    }

    /**
     * How outbox records travel to the platform.
     *
     * @param concurrency requests (or Kafka batches) in flight at once, {@code outbox.concurrency}
     * @param webhookBatch actions per webhook request, {@code webhook.batch.size}: 1 sends each
     *                     action alone; more is the opt-in batch webhook
     */
    public record Delivery(int concurrency, int webhookBatch) {
        public static final Delivery DEFAULTS = new Delivery(64, 1);

        public Delivery {
            if (concurrency < 1 || concurrency > 1_024) {
                throw new IllegalArgumentException("outbox.concurrency must be between 1 and 1024");
            }
            if (webhookBatch < 1 || webhookBatch > 1_000) {
                throw new IllegalArgumentException("webhook.batch.size must be between 1 and 1000");
            }
        }
    }

    /**
     * The Kafka side of cluster mode.
     *
     * @param bootstrap the brokers to bootstrap from, {@code host:port[,host:port...]}
     * @param actionsTopic where enforcement actions are published, keyed by subject id
     * @param eventsTopic where the platform publishes content events; empty: events only over HTTP
     * @param deadLetterTopic where content events that cannot be ingested are put, with the reason
     * @param consumerGroup the consumer group of the nodes that ingest content events
     * @param deliveryTimeout how long publishing one batch of actions may take before it is retried
     * @param clientProperties further settings for every Kafka client (security, TLS, SASL)
     */
    public record Kafka(
            String bootstrap,
            String actionsTopic,
            Optional<String> eventsTopic,
            String deadLetterTopic,
            String consumerGroup,
            Duration deliveryTimeout,
            Map<String, String> clientProperties) {
        public Kafka {
            requireText("kafka.bootstrap", bootstrap);
            requireText("kafka.topic.actions", actionsTopic);
            eventsTopic = eventsTopic == null ? Optional.empty() : eventsTopic.filter(t -> !t.isBlank());
            requireText("kafka.topic.events.dead", deadLetterTopic);
            requireText("kafka.group", consumerGroup);
            Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
            if (deliveryTimeout.toMillis() < 1_000) {
                throw new IllegalArgumentException("kafka.delivery.timeout.seconds must be at least 1");
            }
            clientProperties = Map.copyOf(clientProperties == null ? Map.of() : clientProperties);
        }

        /** Default topic names and timeouts for the given brokers. */
        public static Kafka of(String bootstrap) {
            return new Kafka(
                    bootstrap,
                    "fulcrum.actions",
                    Optional.of("fulcrum.events"),
                    "fulcrum.events.dead",
                    "fulcrum-ingest",
                    Duration.ofSeconds(30),
                    Map.of());
        }

        public Kafka withTopics(String actions, String events, String deadLetter) {
            return new Kafka(
                    bootstrap,
                    actions,
                    Optional.ofNullable(events),
                    deadLetter,
                    consumerGroup,
                    deliveryTimeout,
                    clientProperties);
        }

        public Kafka withConsumerGroup(String group) {
            return new Kafka(
                    bootstrap, actionsTopic, eventsTopic, deadLetterTopic, group, deliveryTimeout, clientProperties);
        }

        public Kafka withDeliveryTimeout(Duration timeout) {
            return new Kafka(
                    bootstrap, actionsTopic, eventsTopic, deadLetterTopic, consumerGroup, timeout, clientProperties);
        }

        private static void requireText(String key, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(key + " must not be empty");
            }
        }
    }
}
