package org.fulcrum.server.transparency;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.fulcrum.server.App;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.support.TestApp;

/**
 * A process for the kill -9 test: opens the app on a data folder and appends log entries from
 * several threads, printing each index once its transaction is acknowledged, until it is killed.
 */
public final class LogAppender {
    public static void main(String[] args) throws Exception {
        App app =
                App.create(TestApp.durable(Path.of(args[0])), Clock.systemUTC()).start();
        System.out.println("port " + app.port());
        System.out.flush();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofVirtual().start(() -> {
                while (true) {
                    long idx = app.module(StoreModule.class)
                            .db()
                            .write(tx -> app.module(TransparencyModule.class)
                                    .log()
                                    .append(
                                            tx,
                                            LogEntry.of(
                                                    EntryKind.action,
                                                    tx.now(),
                                                    "FR",
                                                    null,
                                                    "remove",
                                                    Map.of("t", 1),
                                                    Map.of("secret", "s"),
                                                    null)));
                    synchronized (System.out) {
                        System.out.println("ack " + idx);
                        System.out.flush();
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
