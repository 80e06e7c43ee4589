package org.fulcrum.server;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modules of a node, in the order they were composed, which is their dependency order (a module
 * is given the modules it uses, so it is composed after them): {@link #start()} starts them in that
 * order and {@link #close()} closes them in reverse. A start that fails closes every module
 * composed, in reverse, before the failure is thrown, so what was started is stopped.
 */
public final class Modules implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Modules.class);

    private final List<Module> modules = new ArrayList<>();
    private boolean closed;

    /** Adds {@code module} after those composed so far, and answers it. */
    public synchronized <M extends Module> M add(M module) {
        if (closed) {
            throw new IllegalStateException("the modules are closed");
        }
        if (modules.stream().anyMatch(m -> m.getClass() == module.getClass())) {
            throw new IllegalArgumentException("a " + module.getClass().getSimpleName() + " is already composed");
        }
        modules.add(module);
        return module;
    }

    /** The module of type {@code type}. */
    public synchronized <M extends Module> M get(Class<M> type) {
        return modules.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + type.getSimpleName() + " is composed"));
    }

    /** The modules composed so far, in their order. */
    public synchronized List<Module> all() {
        return List.copyOf(modules);
    }

    /** Starts every module in the order composed; when one fails, closes them all and throws. */
    public void start() {
        for (Module m : all()) {
            try {
                m.start();
            } catch (RuntimeException | Error e) {
                LOG.error(
                        "{} failed to start; closing the modules", m.getClass().getSimpleName(), e);
                try {
                    close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
    }

    /**
     * Closes every module, the last composed first, once; a module whose close fails does not keep
     * the others open: the first failure is thrown after all were closed. A closing thread's interrupt
     * is set again afterwards, not seen by the modules: an interrupted wait would leave the listener
     * half stopped, or close the store under background jobs still running.
     */
    @Override
    public void close() {
        List<Module> reverse;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            reverse = new ArrayList<>(modules).reversed();
        }
        boolean interrupted = Thread.interrupted();
        RuntimeException failed = null;
        for (Module m : reverse) {
            try {
                m.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed", m.getClass().getSimpleName(), e);
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed != null) {
            throw failed;
        }
    }
}
