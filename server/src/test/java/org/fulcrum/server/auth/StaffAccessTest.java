package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StaffAccessTest {
    static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    StaffService staff() {
        return app.app().module(AuthModule.class).staff();
    }

    @Test
    void grantingARoleNeedsASecondAdmin() {
        String firstAdminId = staff().list().stream()
                .filter(s -> s.username().equals("admin"))
                .findFirst()
                .orElseThrow()
                .id();
        var first = new Principal.Staff(firstAdminId, "admin", Set.of(Role.ADMIN));
        String second = staff().create(first, "second.admin", "Second", "a-long-password-1");
        // bootstrap: while there is one admin, naming a second admin takes effect (and is audited as such)
        assertThat(staff().grant(first, second, Role.ADMIN).active()).isTrue();
        var secondAdmin = new Principal.Staff(second, "second.admin", Set.of(Role.ADMIN));

        String mod = staff().create(first, "mod.one", "Mod", "a-long-password-2");
        var grant = staff().grant(first, mod, Role.MODERATOR);
        assertThat(grant.active()).isFalse();
        assertThat(staff().activeRoles(mod)).isEmpty();
        assertThatThrownBy(() -> staff().approve(first, mod, Role.MODERATOR))
                .isInstanceOf(FulcrumException.Forbidden.class);
        staff().approve(secondAdmin, mod, Role.MODERATOR);
        assertThat(staff().activeRoles(mod)).containsExactly(Role.MODERATOR);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action LIKE 'role.%'"))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aLoginNeedsPasswordThenAFreshTotpCode() {
        String adminId = staff().list().stream()
                .filter(s -> s.username().equals("admin"))
                .findFirst()
                .orElseThrow()
                .id();
        var admin = new Principal.Staff(adminId, "admin", Set.of(Role.ADMIN));
        staff().create(admin, "totp.user", "T", "another-long-password");
        assertThat(staff().login("totp.user", "wrong password")).isInstanceOf(Credentials.PasswordStep.Refused.class);
        var ok = (Credentials.PasswordStep.Accepted) staff().login("totp.user", "another-long-password");
        assertThat(ok.needsTotpEnrolment()).isTrue();
        assertThat(staff().session(ok.sessionSecret()).orElseThrow().complete()).isFalse();
        String secret = staff().beginTotpEnrolment(ok.sessionSecret());
        assertThat(staff().secondFactor(
                                ok.sessionSecret(),
                                "000000".equals(Totp.code(secret, java.time.Instant.now())) ? "111111" : "000000"))
                .isEmpty();
        String code = Totp.code(secret, java.time.Instant.now());
        String complete = staff().secondFactor(ok.sessionSecret(), code).orElseThrow();
        assertThat(staff().session(complete).orElseThrow().complete()).isTrue();
        // the same code cannot be used twice (replay)
        var again = (Credentials.PasswordStep.Accepted) staff().login("totp.user", "another-long-password");
        assertThat(staff().secondFactor(again.sessionSecret(), code)).isEmpty();
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        var issued = app.app().module(AuthModule.class).tokens().issue("test", Role.PLATFORM, "p", "to revoke");
        assertThat(app.http()
                        .bearer(issued.secret())
                        .get("/v1/platform/subjects")
                        .status())
                .isEqualTo(200);
        app.app().module(AuthModule.class).tokens().revoke("test", issued.id(), "leaked");
        assertThat(app.http()
                        .bearer(issued.secret())
                        .get("/v1/platform/subjects")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aMachineTokenCannotReachStaffRoutes() {
        assertThat(app.platform().get("/v1/admin/staff").status()).isEqualTo(403);
        assertThat(app.http().get("/v1/admin/staff").status()).isEqualTo(401);
    }

    @Test
    void totpMatchesTheRfc6238Vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) -> 287082 with 6 digits
        String secret = Totp.base32("12345678901234567890".getBytes());
        assertThat(Totp.code(secret, java.time.Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(Totp.code(secret, java.time.Instant.ofEpochSecond(1111111109)))
                .isEqualTo("081804");
    }
}
