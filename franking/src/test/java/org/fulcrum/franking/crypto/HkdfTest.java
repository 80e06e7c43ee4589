package org.fulcrum.franking.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HkdfTest {

    private static final byte[] IKM_0B = filled(22, 0x0b);

    @Test
    void rfc5869TestCase1BasicSha256() {
        byte[] salt = Hex.range(0x00, 0x0d);
        byte[] info = Hex.range(0xf0, 0xfa);
        byte[] prk = Hkdf.extract(salt, IKM_0B);
        assertThat(prk).isEqualTo(Hex.bytes("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"));
        assertThat(Hkdf.expand(prk, info, 42))
                .isEqualTo(Hex.bytes(
                        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
    }

    @Test
    void rfc5869TestCase2LongerInputsAndOutput() {
        byte[] prk = Hkdf.extract(Hex.range(0x60, 0xb0), Hex.range(0x00, 0x50));
        assertThat(prk).isEqualTo(Hex.bytes("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244"));
        assertThat(Hkdf.expand(prk, Hex.range(0xb0, 0x100), 82))
                .isEqualTo(Hex.bytes("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87"));
    }

    @Test
    void rfc5869TestCase3EmptySaltAndInfo() {
        byte[] prk = Hkdf.extract(new byte[0], IKM_0B);
        assertThat(prk).isEqualTo(Hex.bytes("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"));
        assertThat(Hkdf.derive(new byte[0], IKM_0B, new byte[0], 42))
                .isEqualTo(Hex.bytes(
                        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
    }

    @Test
    void expandGivesPrefixesOfTheSameStreamAndRefusesImpossibleLengths() {
        byte[] prk = Hkdf.extract(new byte[0], IKM_0B);
        assertThat(Hkdf.expand(prk, new byte[0], 10)).isEqualTo(Arrays.copyOf(Hkdf.expand(prk, new byte[0], 42), 10));
        assertThat(Hkdf.expand(prk, new byte[0], 0)).isEmpty();
        assertThat(Hkdf.expand(prk, new byte[0], 255 * 32)).hasSize(255 * 32);
        assertThatThrownBy(() -> Hkdf.expand(prk, new byte[0], 255 * 32 + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expand(new byte[31], new byte[0], 32))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }
}
