package org.fulcrum.server.support;

import java.util.Set;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.auth.Credentials;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.auth.Realm;
import org.fulcrum.server.auth.StaffService;
import org.fulcrum.server.auth.Totp;
import org.fulcrum.server.core.Role;

/**
 * Makes signed-in staff for HTTP tests the way a person would: created by an admin, roles granted
 * and approved by two admins, password then a TOTP code. Returns the session cookie.
 */
public final class StaffSessions {
    private final App app;
    private Principal.Staff first;
    private Principal.Staff second;

    public StaffSessions(App app) {
        this.app = app;
    }

    private void admins() {
        if (first != null) {
            return;
        }
        StaffService staff = app.module(AuthModule.class).staff();
        String adminId = staff.list().stream()
                .filter(s -> s.username().equals("admin"))
                .findFirst()
                .orElseThrow()
                .id();
        first = new Principal.Staff(adminId, "admin", Set.of(Role.ADMIN));
        String secondId = staff.list().stream()
                .filter(s -> s.username().equals("second.admin"))
                .findFirst()
                .map(StaffService.StaffMember::id)
                .orElseGet(() -> {
                    String id = staff.create(first, "second.admin", "Second admin", "second-admin-password");
                    staff.grant(first, id, Role.ADMIN);
                    return id;
                });
        second = new Principal.Staff(secondId, "second.admin", Set.of(Role.ADMIN));
    }

    /** A staff member holding {@code roles}, signed in; the value is the session cookie's secret. */
    public String signIn(String username, Role... roles) {
        admins();
        StaffService staff = app.module(AuthModule.class).staff();
        String password = "password-of-" + username;
        String id = staff.create(first, username, username, password);
        for (Role r : roles) {
            staff.grant(first, id, r);
            staff.approve(second, id, r);
        }
        var step = (Credentials.PasswordStep.Accepted) staff.login(username, password);
        String secret = staff.beginTotpEnrolment(step.sessionSecret());
        // the code of the app's own time: a test clock set when the app started stays behind the wall
        // clock, and on a slow run by more than the one step either side that a code is valid for
        String session = staff.secondFactor(
                        step.sessionSecret(), Totp.code(secret, app.clock().instant()))
                .orElseThrow(() -> new IllegalStateException("TOTP sign-in failed for " + username));
        // The password an admin hands over works once; replace it as its owner must.
        return app.module(AuthModule.class)
                .credentials()
                .changePassword(Realm.STAFF, session, password, password + "-own");
    }

    /** Creates a staff member holding {@code roles} who has not signed in yet (for browser sign-in tests). */
    public void create(String username, String password, Role... roles) {
        admins();
        String id = app.module(AuthModule.class).staff().create(first, username, username, password);
        for (Role r : roles) {
            app.module(AuthModule.class).staff().grant(first, id, r);
            app.module(AuthModule.class).staff().approve(second, id, r);
        }
    }

    /** The principal of a signed-in staff member, for calling services directly in tests. */
    public Principal.Staff principal(String username) {
        String id = app.module(AuthModule.class).staff().list().stream()
                .filter(s -> s.username().equals(username))
                .findFirst()
                .orElseThrow()
                .id();
        return new Principal.Staff(
                id, username, app.module(AuthModule.class).staff().activeRoles(id));
    }
}
