package org.fulcrum.server.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fulcrum.server.App;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the server until it is stopped (SIGTERM or Ctrl-C shut it down gracefully). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Fulcrum server.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws InterruptedException {
        App app = App.create(options.load(), Clock.systemUTC()).start();
        app.adminPassword()
                .ifPresent(
                        pw -> System.out.println("""
                First start: an admin account was created.
                  user: admin
                  one-time password: %s
                Sign in at %s/login, enrol a second factor, then choose a new password.""".formatted(pw, app.config().publicUrl())));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "fulcrum-shutdown"));
        System.out.println("Fulcrum is serving on port " + app.port());
        stopped.await();
        return 0;
    }
}
