package org.fulcrum.server.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link ClusterDemo} run through the test runner, which already has the modules' test classpath:
 * {@code deploy/cluster-demo.sh} runs it with {@code -Dfulcrum.demo.seconds=N}. Skipped otherwise.
 */
class ClusterDemoRun {
    @Test
    @EnabledIfSystemProperty(named = "fulcrum.demo.seconds", matches = "[0-9]+")
    void runsTheDemo() throws Exception {
        ClusterDemo.run(new String[] {System.getProperty("fulcrum.demo.seconds")});
    }
}
