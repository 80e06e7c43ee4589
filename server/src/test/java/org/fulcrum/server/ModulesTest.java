package org.fulcrum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The composition's lifecycle: start in the order composed, close in reverse, and close after a failed start. */
class ModulesTest {
    private final List<String> steps = new ArrayList<>();

    /** A module that writes down its start and close, and fails its start when told. */
    private class Step implements Module {
        private final String name;
        private final boolean failsToStart;

        Step(String name, boolean failsToStart) {
            this.name = name;
            this.failsToStart = failsToStart;
        }

        @Override
        public void start() {
            steps.add("start " + name);
            if (failsToStart) {
                throw new IllegalStateException(name + " cannot start");
            }
        }

        @Override
        public void close() {
            steps.add("close " + name + (Thread.currentThread().isInterrupted() ? " interrupted" : ""));
        }
    }

    private final class Store extends Step {
        Store(boolean failsToStart) {
            super("store", failsToStart);
        }
    }

    private final class Web extends Step {
        Web(boolean failsToStart) {
            super("web", failsToStart);
        }
    }

    @Test
    void startsInTheOrderComposedAndClosesInReverseOnce() {
        Modules modules = new Modules();
        Store store = modules.add(new Store(false));
        modules.add(new Web(false));

        modules.start();
        modules.close();
        modules.close();

        assertThat(steps).containsExactly("start store", "start web", "close web", "close store");
        assertThat(modules.get(Store.class)).isSameAs(store);
    }

    @Test
    void aFailedStartClosesWhatStartedAndThrowsTheFailure() {
        Modules modules = new Modules();
        modules.add(new Store(false));
        modules.add(new Web(true));

        assertThatThrownBy(modules::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("web cannot start");

        assertThat(steps).containsExactly("start store", "start web", "close web", "close store");
        modules.close();
        assertThat(steps).hasSize(4);
    }

    @Test
    void aModuleWhoseCloseFailsLeavesNoOtherOpen() {
        Modules modules = new Modules();
        modules.add(new Store(false));
        modules.add(new Module() {
            @Override
            public void close() {
                throw new IllegalStateException("stuck");
            }
        });
        modules.start();

        assertThatThrownBy(modules::close).hasMessage("stuck");
        assertThat(steps).containsExactly("start store", "close store");
    }

    @Test
    void aModuleIsComposedOnceAndOnlyComposedModulesAreFound() {
        Modules modules = new Modules();
        modules.add(new Store(false));

        assertThatThrownBy(() -> modules.add(new Store(false))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> modules.get(Web.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Web");
    }

    @Test
    void aCloseFromAnInterruptedThreadClosesEveryModuleUninterruptedAndKeepsTheInterrupt() {
        Modules modules = new Modules();
        modules.add(new Store(false));
        modules.add(new Web(false));
        modules.start();

        Thread.currentThread().interrupt();
        try {
            modules.close();
            assertThat(Thread.currentThread().isInterrupted())
                    .as("set again for the caller")
                    .isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(steps).containsExactly("start store", "start web", "close web", "close store");
    }
}
