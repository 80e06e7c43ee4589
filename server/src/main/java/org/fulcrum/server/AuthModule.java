package org.fulcrum.server;

import java.util.List;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.AccountFeature;
import org.fulcrum.server.auth.ApiTokens;
import org.fulcrum.server.auth.AuthFeature;
import org.fulcrum.server.auth.Credentials;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.auth.Recovery;
import org.fulcrum.server.auth.RecoveryFeature;
import org.fulcrum.server.auth.RememberedBrowsers;
import org.fulcrum.server.auth.StaffService;
import org.fulcrum.server.config.PasswordCost;
import org.fulcrum.server.team.OfficerAccountsFeature;
import org.fulcrum.server.web.Feature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what: sign-in for staff and officers, recovery, staff and their roles, API tokens, and
 * the web server's access check. Its start creates the first admin when there is none.
 */
public final class AuthModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(AuthModule.class);

    private final Credentials credentials;
    private final Recovery recovery;
    private final StaffService staff;
    private final ApiTokens tokens;
    private final RememberedBrowsers browsers;
    private final AccountFeature account;
    private final List<Feature> features;
    private volatile Optional<String> adminPassword = Optional.empty();

    public AuthModule(Base base, StoreModule store) {
        Passwords passwords = new Passwords(base.config().passwordCost());
        if (base.config().passwordCost() != PasswordCost.standard) {
            LOG.warn(
                    "passwords are hashed at the {} cost (auth.password.cost): for test and demonstration servers only, never for real accounts",
                    base.config().passwordCost());
        }
        this.credentials = new Credentials(store.db(), base.clock(), passwords);
        this.recovery = new Recovery(store.db(), base.clock(), passwords);
        this.staff = new StaffService(store.db(), base.clock(), credentials);
        this.tokens = new ApiTokens(store.db(), base.clock());
        this.browsers = new RememberedBrowsers(store.db(), base.clock());
        this.account = new AccountFeature(staff, credentials, browsers, base.pages());
        this.features = List.of(
                new AuthFeature(staff, credentials, tokens, base.bodies(), base.pages()),
                account,
                new RecoveryFeature(recovery, base.bodies()),
                new OfficerAccountsFeature(recovery, browsers, base.pages()));
    }

    /** The staff member's own account page, where other features add a line about their work. */
    public AccountFeature account() {
        return account;
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    /** Creates the first admin when there is none, keeping its one-time password. */
    @Override
    public void start() {
        adminPassword = staff.bootstrapAdmin();
    }

    /** The first admin's one-time password, present only on the start that created it. */
    public Optional<String> adminPassword() {
        return adminPassword;
    }

    /** The access check the web server runs before every matched route. */
    public Access access() {
        return new Access(tokens, staff);
    }

    public Credentials credentials() {
        return credentials;
    }

    public Recovery recovery() {
        return recovery;
    }

    public StaffService staff() {
        return staff;
    }

    public ApiTokens tokens() {
        return tokens;
    }

    /** The browsers staff and officers are remembered in, as they and their stewards see them. */
    public RememberedBrowsers browsers() {
        return browsers;
    }
}
