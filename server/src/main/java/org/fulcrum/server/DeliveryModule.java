package org.fulcrum.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import java.time.Clock;
import java.util.List;
import org.fulcrum.server.cluster.KafkaActionTransport;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.platform.OutboxClaims;
import org.fulcrum.server.platform.OutboxDispatcher;
import org.fulcrum.server.platform.SqlOutbox;
import org.fulcrum.server.platform.WebhookTransport;
import org.fulcrum.server.privacy.HoldListener;
import org.fulcrum.server.transparency.ActionLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Fulcrum tells the platform: the one enforcement path (built with its listeners: the
 * transparency log, and privacy's legal holds), the transactional outbox, its transport (Kafka in
 * cluster mode, the webhook in embedded mode) and the dispatcher whose lanes run on the scheduler.
 * Closing it releases this node's outbox claims and closes the transport.
 */
public final class DeliveryModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryModule.class);

    private final SqlOutbox outbox;
    private final Outbox.Transport transport;
    private final OutboxDispatcher dispatcher;
    private final Enforcement enforcement;

    public DeliveryModule(Base base, StoreModule store, TransparencyModule transparency) {
        Config config = base.config();
        Clock clock = base.clock();
        this.outbox = new SqlOutbox(store.db(), base.json());
        this.transport = transport(config, clock);
        OutboxClaims claims = new OutboxClaims(
                store.db(), config.cluster().nodeId(), config.cluster().claimLease(), clock);
        this.dispatcher = new OutboxDispatcher(
                claims,
                outbox,
                transport,
                clock,
                config.outboxMaxBackoff(),
                config.cluster().delivery().concurrency());
        this.enforcement = new Enforcement(
                outbox,
                clock,
                base.json(),
                List.of(new ActionLog(transparency.log()), new HoldListener(clock, base.json())));
        CounterWithCallback.builder()
                .name("fulcrum_outbox_delivered")
                .help("Actions this node delivered to the platform since it started")
                .callback(cb -> cb.call(dispatcher.deliveredCount()))
                .register(base.metrics().registry());
        CounterWithCallback.builder()
                .name("fulcrum_outbox_takeovers")
                .help("Outbox records this node claimed after another claim on them ran out unreleased"
                        + " (its node died or stalled past its lease); each may reach the platform twice")
                .callback(cb -> cb.call(claims.takenOver()))
                .register(base.metrics().registry());
    }

    /** Kafka in cluster mode, the webhook in embedded mode, or a refusal that keeps actions pending. */
    private static Outbox.Transport transport(Config config, Clock clock) {
        if (config.cluster().kafka().isPresent()) {
            return new KafkaActionTransport(
                    config.cluster().kafka().get(), config.cluster().nodeId());
        }
        return config.webhookUrl()
                .<Outbox.Transport>map(url -> new WebhookTransport(
                        url,
                        config.webhookSecret(),
                        clock,
                        config.webhookTimeout(),
                        config.cluster().delivery().webhookBatch()))
                .orElse(envelope -> new Outbox.Delivery.Failed(null, "no webhook URL is configured"));
    }

    @Override
    public void schedule(Scheduler jobs) {
        dispatcher.schedule(jobs);
    }

    /** Stops the dispatcher, releasing this node's claims, then closes the transport. */
    @Override
    public void close() {
        dispatcher.close();
        if (transport instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the outbox transport failed", e);
            }
        }
    }

    public Enforcement enforcement() {
        return enforcement;
    }

    public SqlOutbox outbox() {
        return outbox;
    }

    public OutboxDispatcher dispatcher() {
        return dispatcher;
    }
}
