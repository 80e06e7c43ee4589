package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The enrolment QR code is read back by an independent decoder (ZXing) as the key's otpauth URI. */
class QrSvgTest {
    private static final Pattern SQUARE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");
    private static final Pattern VIEW = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

    @Test
    void anAuthenticatorAppReadsTheKeyUriFromTheCode() throws Exception {
        String uri = Totp.uri("Fulcrum portal", "officer.durand", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        String svg = QrSvg.of(uri, "QR code of the second-factor key");

        assertThat(decode(svg)).isEqualTo(uri);
        assertThat(uri).startsWith("otpauth://totp/Fulcrum%20portal:officer.durand?secret=");
    }

    @Test
    void theLabelIsEscapedAndNothingOfTheTextIsWrittenIntoTheSvg() {
        String svg = QrSvg.of("otpauth://totp/x:<script>?secret=A", "a \"label\" <b>");
        assertThat(svg)
                .doesNotContain("<script>")
                .doesNotContain("<b>")
                .contains("aria-label=\"a &quot;label&quot; &lt;b&gt;\"");
    }

    /** Rasterises the SVG's unit squares (8 pixels a module) and decodes them. */
    private static String decode(String svg) throws Exception {
        Matcher v = VIEW.matcher(svg);
        assertThat(v.find()).isTrue();
        int modules = Integer.parseInt(v.group(1));
        int scale = 8;
        int side = modules * scale;
        int[] pixels = new int[side * side];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher m = SQUARE.matcher(svg);
        int dark = 0;
        while (m.find()) {
            dark++;
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * side + x * scale + dx] = 0xFF000000;
                }
            }
        }
        assertThat(dark).isPositive();
        LuminanceSource source = new RGBLuminanceSource(side, side, pixels);
        return new QRCodeReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(source)),
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                .getText();
    }
}
