package org.fulcrum.franking.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class CommittingAeadPropertiesTest {

    @Property(tries = 300)
    void anEnvelopeNeverOpensUnderASecondKey(@ForAll @Size(32) byte[] key, @ForAll @Size(32) byte[] otherKey,
            @ForAll @Size(16) byte[] nonce, @ForAll @Size(max = 300) byte[] plaintext,
            @ForAll @Size(max = 64) byte[] ad) {
        Assume.that(!Arrays.equals(key, otherKey));
        byte[] envelope = CommittingAead.seal(key, nonce, plaintext, ad);
        assertThat(CommittingAead.open(key, envelope, ad)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
        assertThat(CommittingAead.open(otherKey, envelope, ad)).isEmpty();
    }

    @Property(tries = 300)
    void oneCiphertextNeedsADifferentTagForEachKey(@ForAll @Size(32) byte[] key, @ForAll @Size(32) byte[] otherKey,
            @ForAll @Size(16) byte[] nonce, @ForAll @Size(max = 300) byte[] ciphertext) {
        Assume.that(!Arrays.equals(key, otherKey));
        byte[] underKey = CommittingAead.authenticate(key, nonce, ciphertext, new byte[0]);
        byte[] underOther = CommittingAead.authenticate(otherKey, nonce, ciphertext, new byte[0]);
        // Same header and ciphertext; only the tags can differ, and they must.
        assertThat(Arrays.copyOf(underKey, underKey.length - 32))
                .isEqualTo(Arrays.copyOf(underOther, underOther.length - 32));
        assertThat(underKey).isNotEqualTo(underOther);
        assertThat(CommittingAead.open(otherKey, underKey, new byte[0])).isEmpty();
        assertThat(CommittingAead.open(key, underOther, new byte[0])).isEmpty();
    }
}
