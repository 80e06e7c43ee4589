package org.fulcrum.server.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process for {@link KafkaBrokerExitTest}: starts the shared broker as a test JVM's first Kafka
 * class does, creates topics, prints the broker's folder and exits with status 0 at once, while the
 * broker is still writing their partitions, leaving it to the shutdown hook that stops it.
 */
public final class SharedBrokerExit {
    private SharedBrokerExit() {}

    public static void main(String[] args) {
        KafkaBroker broker = KafkaBroker.shared();
        // A test JVM ends slowly: many threads and hooks, cores shared with other JVMs. Logging every
        // step of the broker's work slows its stop likewise, so that a hook deleting its folder
        // meanwhile would meet it still running.
        for (String name : new String[] {Logger.ROOT_LOGGER_NAME, "kafka", "org.apache.kafka", "state.change.logger"}) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.DEBUG);
        }
        broker.createTopic("exit-probe", 48);
        System.out.println("folder " + broker.directory());
        System.out.flush();
        System.exit(0);
    }
}
