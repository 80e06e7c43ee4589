package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.config.PasswordCost;
import org.junit.jupiter.api.Test;

/**
 * Password hashes at the server's cost: the OWASP minimum unless a test or demo server lowers it,
 * a hash verifying whatever cost made it, and a hash made at another cost flagged for rehashing.
 */
class PasswordsTest {
    @Test
    void aServerHashesAtTheOwaspMinimumUnlessToldOtherwise() {
        PasswordCost cost = new ConfigLoader()
                .set("data", Path.of("unused").toString())
                .load()
                .passwordCost();
        assertThat(cost).isEqualTo(PasswordCost.standard);
        Passwords standard = new Passwords(cost);
        String hash = standard.hash("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Passwords.verify("correct horse battery staple", hash)).isTrue();
        assertThat(Passwords.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(standard.unguessable()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void aHashVerifiesWhateverCostMadeItAndAnotherCostsHashIsRehashed() {
        Passwords standard = new Passwords(PasswordCost.standard);
        Passwords minimal = new Passwords(PasswordCost.minimal);
        String light = minimal.hash("a test password");
        assertThat(light).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(Passwords.verify("a test password", light)).isTrue();
        assertThat(Passwords.verify("another password", light)).isFalse();
        assertThat(standard.needsRehash(light)).isTrue();
        assertThat(minimal.needsRehash(light)).isFalse();
        assertThat(minimal.needsRehash(standard.hash("a test password"))).isTrue();
    }

    @Test
    void anUnknownCostIsRefusedNamingTheSetting() {
        ConfigLoader loader =
                new ConfigLoader().set("data", Path.of("unused").toString()).set("auth.password.cost", "none");
        assertThatThrownBy(loader::load)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth.password.cost must be standard or minimal");
    }
}
