package org.fulcrum.server.cluster;

import java.time.Duration;

/**
 * The three-node harness run by hand ({@code deploy/cluster-demo.sh [seconds]}), so an operator can
 * watch a cluster lose a node: three {@code fulcrum serve} processes on a fresh PostgreSQL schema and
 * an in-process KRaft broker, under content events, notices, decisions, lawful requests and the
 * actions detection takes; a
 * third of the way in one node is killed with SIGKILL while it holds outbox claims and queued
 * events, the survivors take over, the node rejoins, and at the end every check of
 * {@link NodeFailureTest} runs. The nodes' addresses and the platform token are printed at the start.
 */
public final class ClusterDemo {
    private ClusterDemo() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        // The broker's and clients' threads are not daemons: end here, every node already stopped.
        System.exit(0);
    }

    static void run(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        try (ClusterHarness cluster = ClusterHarness.prepare(null)) {
            // Ctrl-C: the node processes are stopped with the demo, not left running.
            Thread stopNodes = new Thread(() -> {
                for (ClusterHarness.Node n : cluster.nodes()) {
                    n.process().destroyForcibly();
                }
            });
            Runtime.getRuntime().addShutdownHook(stopNodes);
            System.out.println("starting three nodes on PostgreSQL schema " + cluster.schema() + " and Kafka at "
                    + cluster.kafka().bootstrap());
            cluster.start("node-1", "node-2", "node-3");
            cluster.awaitConsumers(3, Duration.ofSeconds(60));
            for (ClusterHarness.Node n : cluster.nodes()) {
                System.out.println(
                        n.name() + ": " + n.url() + " (log: " + n.data().resolve("server.log") + ")");
            }
            System.out.println("platform token: " + cluster.platformToken());
            try (ClusterTraffic traffic = new ClusterTraffic(cluster).start(2, Duration.ofMillis(200))) {
                Thread.sleep(seconds * 1000L / 3); // the demonstration runs as long as it was asked to
                NodeFailureTest.Kill kill =
                        NodeFailureTest.killHoldingClaimsAndBacklog(cluster, traffic, cluster.node("node-1"));
                System.out.printf(
                        "killed node-1 (kill -9) holding %d outbox claims and %d queued events%n",
                        kill.claims().size(), kill.queued().size());
                NodeFailureTest.TakeOver t = NodeFailureTest.takeOver(cluster, traffic, kill, "demo");
                System.out.printf(
                        "taken over: claims in %.1f s, partitions in %.1f s (an event on each stored in %.1f s),"
                                + " detection backlog in %.1f s%n",
                        NodeFailureTest.seconds(t.claims()),
                        NodeFailureTest.seconds(t.partitions()),
                        NodeFailureTest.seconds(t.probes()),
                        NodeFailureTest.seconds(t.backlog()));
                cluster.start("node-1");
                System.out.println("node-1 rejoined");
                Thread.sleep(seconds * 1000L / 3); // likewise
                traffic.stopSending();
                NodeFailureTest.settle(cluster, traffic);
                NodeFailureTest.assertNoAcknowledgedWriteLost(cluster, traffic);
                NodeFailureTest.assertLawfulRequestsStoredOnce(cluster, traffic);
                NodeFailureTest.assertDecisionFlowsDecidedOnce(cluster, traffic);
                NodeFailureTest.assertEveryEventScannedOnce(cluster, traffic);
                System.out.printf(
                        "%d events and %d notices acknowledged, all stored; every event scanned once;"
                                + " %d actions applied, %d duplicates dropped (the dead node held %d claims)%n",
                        traffic.ackedEvents.size(),
                        traffic.ackedNotices.size(),
                        traffic.received.size(),
                        traffic.duplicates.get(),
                        kill.claims().size());
            }
        }
    }
}
