package org.fulcrum.server.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * A compact skeleton table in the spirit of Unicode TR39 ({@code confusables.txt}): letters that
 * look like Latin letters are mapped to the Latin letter, so "аррle" written with Cyrillic а and р
 * reads as "apple". Applied after NFKC, which already folds fullwidth forms, mathematical
 * alphanumerics, circled and other compatibility letters.
 *
 * <p>Coverage: the Cyrillic and Greek letters (both cases) that are look-alikes of Latin letters in
 * common fonts, the Armenian ones that are, Latin small capitals and IPA look-alikes, the dotless
 * i and j, long s and sharp s. Not covered: look-alikes from other scripts (Cherokee, Lisu,
 * Canadian syllabics), multi-letter confusables such as "rn" for "m", and digits of other scripts
 * (NFKC does not fold them, and keywords rarely contain digits).
 */
final class Confusables {
    private static final Map<Integer, String> MAP = new HashMap<>();

    static {
        // Cyrillic capitals first: they must map before case folding, because a capital and its
        // small letter can resemble different Latin letters (Н looks like H, н like a small-cap H).
        put("АВЕЅІЈКМНОРСТУХԚԜӀ", "abesijkmhopctyxqwi");
        put("аеѕіјкморсухԛԝһԁӏьгпвтн", "aesijkmopcyxqwhdibrnbth");
        // Greek capitals (Η looks like H, η like n; Ρ like P, ρ like p), then small letters.
        put("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "abezhikmnoptyx");
        put("αβγεηικνορτυχωϲςϳ", "abyeniknoptuxwccj");
        // Armenian.
        put("օսհոցզ", "ouhngq");
        // Latin small capitals and IPA letters that read as ordinary letters.
        put("ᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "abcdeghijklmnoprstuvwyz");
        put("ɑɡıȷɩſ", "agijis");
        MAP.put((int) 'ß', "ss");
        MAP.put((int) 'ẞ', "ss");
    }

    private Confusables() {
    }

    private static void put(String from, String to) {
        if (from.codePointCount(0, from.length()) != to.length()) {
            throw new IllegalStateException("confusable table rows differ in length: " + from);
        }
        int i = 0;
        for (int k = 0; k < from.length(); ) {
            int cp = from.codePointAt(k);
            MAP.put(cp, String.valueOf(to.charAt(i++)));
            k += Character.charCount(cp);
        }
    }

    /** The Latin skeleton of {@code codePoint}, or null if it is not a listed look-alike. */
    static String of(int codePoint) {
        return MAP.get(codePoint);
    }
}
