package org.fulcrum.server.auth;

import java.util.function.UnaryOperator;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One app per test class for the sign-in tests, on a clock the test moves by hand, with {@link
 * Accounts} to create and sign in people of either realm. Registered as a static field
 * ({@code @RegisterExtension static final SignInApp signIn = new SignInApp();}): started before
 * the class's tests, closed after them.
 */
final class SignInApp implements BeforeAllCallback, AfterAllCallback {
    final ManualTime clock = ManualTime.startingNow();
    private TestApp app;
    private Accounts accounts;

    @Override
    public void beforeAll(ExtensionContext context) {
        app = TestApp.sqlite(clock.clock(), UnaryOperator.identity());
        accounts = new Accounts(app, clock);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (app != null) {
            app.close();
        }
    }

    TestApp app() {
        return app;
    }

    Accounts accounts() {
        return accounts;
    }

    Credentials credentials() {
        return accounts.credentials();
    }
}
