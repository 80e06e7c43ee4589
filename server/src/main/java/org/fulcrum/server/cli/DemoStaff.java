package org.fulcrum.server.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.auth.Credentials;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.auth.Realm;
import org.fulcrum.server.auth.Recovery;
import org.fulcrum.server.auth.StaffService;
import org.fulcrum.server.auth.Totp;
import org.fulcrum.server.core.Role;

/**
 * The demo's staff: people with roles granted by two admins, each signed in with a password and a
 * TOTP code (the demo enrols the second factor and keeps the key), so their actions go through the
 * console API with a session like anyone's.
 */
final class DemoStaff {
    private final App app;
    private final String run;
    private final Principal.Staff admin;
    private final Principal.Staff second;
    private final List<Person> people = new ArrayList<>();

    /** A demo person handed over to whoever runs the demo, with the console pages their role opens. */
    record Person(Role role, String username, String id) {
        List<String> pages() {
            return switch (role) {
                case ADMIN ->
                    List.of(
                            "/console/team",
                            "/console/subjects",
                            "/console/outbox",
                            "/console/rules",
                            "/console/safety",
                            "/console/progress",
                            "/console/audit");
                case MODERATOR ->
                    List.of(
                            "/console/queues",
                            "/console/search",
                            "/console/escalations",
                            "/console/appeals",
                            "/console/bulk",
                            "/console/banks",
                            "/console/flaggers");
                case LEGAL ->
                    List.of(
                            "/console/lawful",
                            "/console/lawful/manual",
                            "/console/lawful/authorities",
                            "/console/lawful/rejections",
                            "/console/officer-accounts",
                            "/console/privacy",
                            "/console/privacy/holds",
                            "/console/privacy/requests");
                case AUDITOR ->
                    List.of(
                            "/console/audit",
                            "/console/subjects",
                            "/console/outbox",
                            "/console/flaggers",
                            "/console/lawful");
                default -> List.of();
            };
        }
    }

    DemoStaff(App app, String run) {
        this.app = app;
        this.run = run;
        StaffService staff = app.module(AuthModule.class).staff();
        String adminId = staff.list().stream()
                .filter(s -> s.username().equals("admin"))
                .findFirst()
                .orElseThrow()
                .id();
        this.admin = new Principal.Staff(adminId, "admin", Set.of(Role.ADMIN));
        String secondId = staff.create(admin, "demo.lead." + run, "Demo team lead", Passwords.random(20));
        var grant = staff.grant(admin, secondId, Role.ADMIN);
        this.second = new Principal.Staff(secondId, "demo.lead." + run, Set.of(Role.ADMIN));
        if (!grant.active()) {
            throw new IllegalStateException(
                    "this data folder already has two admins; run the demo on a fresh --data folder");
        }
    }

    /** A new staff member with {@code role}, signed in; returns the session cookie's secret. */
    String signIn(String name, Role role) {
        StaffService staff = app.module(AuthModule.class).staff();
        String password = Passwords.random(20);
        String username = name + "." + run;
        String id = staff.create(admin, username, name, password);
        staff.grant(admin, id, role);
        staff.approve(second, id, role);
        people.add(new Person(role, username, id));
        var step = (Credentials.PasswordStep.Accepted) staff.login(username, password);
        String secret = staff.beginTotpEnrolment(step.sessionSecret());
        String session = staff.secondFactor(step.sessionSecret(), Totp.code(secret, Instant.now()))
                .orElseThrow(() -> new IllegalStateException("second factor refused for " + username));
        return app.module(AuthModule.class)
                .credentials()
                .changePassword(Realm.STAFF, session, password, Passwords.random(20));
    }

    /** A new staff member with {@code role}, for calls that act as that person inside the demo. */
    Principal.Staff member(String name, Role role) {
        StaffService staff = app.module(AuthModule.class).staff();
        String username = name + "." + run;
        String id = staff.create(admin, username, name, Passwords.random(20));
        staff.grant(admin, id, role);
        staff.approve(second, id, role);
        people.add(new Person(role, username, id));
        return new Principal.Staff(id, username, staff.activeRoles(id));
    }

    /** The demo team lead (an admin), signed in. */
    String leadSession() {
        return signIn("demo.admin", Role.ADMIN);
    }

    /**
     * Hands every demo person over to whoever runs the demo: each gets a new one-time password and
     * loses the second factor the demo enrolled, so the reader signs in, enrols their own and picks
     * a password, like any new member of staff. Through the recovery path, so it is audited.
     */
    List<String> handOver(String baseUrl) {
        if (people.stream().noneMatch(p -> p.role() == Role.AUDITOR)) {
            member("demo.auditor", Role.AUDITOR);
        }
        List<String> lines = new ArrayList<>();
        lines.add("Sign in at " + baseUrl + "/login as each demo role with its one-time password (at first sign-in"
                + " you enrol a second factor and choose your own password):");
        for (Person p : people) {
            app.module(AuthModule.class)
                    .recovery()
                    .apply(second, Realm.STAFF, p.id(), Recovery.Step.SECOND_FACTOR, "demo hand-over");
            String password = app.module(AuthModule.class)
                    .recovery()
                    .apply(second, Realm.STAFF, p.id(), Recovery.Step.PASSWORD, "demo hand-over")
                    .oneTimePassword();
            if (p.role() == Role.ADMIN
                    && !app.module(AuthModule.class).staff().activeRoles(p.id()).contains(Role.ADMIN)) {
                // a reset admin role waits for an admin other than the resetter: the first admin approves it
                app.module(AuthModule.class).staff().approve(admin, p.id(), Role.ADMIN);
            }
            lines.add(String.format(
                    "  %-10s %-24s %s   pages: %s",
                    p.role().key(), p.username(), password, String.join(" ", p.pages())));
        }
        lines.add("Two admins are needed to make any role take effect: sign in as 'admin' and as the demo admin"
                + " (two browsers) to grant and approve roles on /console/team.");
        return lines;
    }
}
