package org.fulcrum.server;

import java.util.List;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.web.Feature;

/**
 * One part of a node, composed by {@link App}: it builds its services in its constructor from what
 * it is given (the {@link Base} and the modules it depends on, so a module can only be built after
 * them), names the web features whose routes it registers, declares the background jobs it runs,
 * and may start work and release what it holds. {@link Modules} starts the modules in the order
 * they were composed and closes them in reverse.
 */
public interface Module {

    /** The features whose routes this module registers on the web server. */
    default List<Feature> features() {
        return List.of();
    }

    /** Declares the background jobs this module runs on the node's one scheduler. */
    default void schedule(Scheduler jobs) {}

    /** Starts the work this module does on its own, once the modules it depends on have started. */
    default void start() {}

    /**
     * Releases what the constructor and {@link #start()} took. Called once, after the modules
     * composed later were closed, and also when {@link #start()} never ran (a later module failed
     * to build or start), so it must be safe on a module that was only built.
     */
    default void close() {}
}
