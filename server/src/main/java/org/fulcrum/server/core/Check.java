package org.fulcrum.server.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/** Small validators shared by the records of the platform API; each names the field it rejects. */
public final class Check {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_.\\-]{0,127}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");

    private Check() {}

    public static String id(String field, String value) {
        if (value == null) {
            throw new InvalidInput(field, "is required");
        }
        if (!ID.matcher(value).matches()) {
            throw new InvalidInput(
                    field, "must be 1-128 characters of A-Z a-z 0-9 : _ . - starting with a letter or digit");
        }
        return value;
    }

    public static String country(String field, String value) {
        if (value != null && !COUNTRY.matcher(value).matches()) {
            throw new InvalidInput(field, "must be an ISO 3166-1 alpha-2 code in upper case, like FR");
        }
        return value;
    }

    public static String language(String field, String value) {
        if (value != null && !LANGUAGE.matcher(value).matches()) {
            throw new InvalidInput(field, "must be a language tag like fr or pt-BR");
        }
        return value;
    }

    /** The bytes as UTF-8 text; malformed or unmappable bytes are refused, never replaced. */
    public static String utf8(String field, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInput(field, "is not UTF-8 text");
        }
    }

    public static String text(String field, String value, int maxChars) {
        if (value != null && value.length() > maxChars) {
            throw new InvalidInput(field, "must have at most " + maxChars + " characters");
        }
        // NUL is not text, and PostgreSQL refuses it in TEXT columns: refuse it at the edge, not in the store
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new InvalidInput(field, "must not contain the NUL character");
        }
        return value;
    }

    public static String hex(String field, String value, int length) {
        if (value != null && (value.length() != length || !value.matches("[0-9a-f]+"))) {
            throw new InvalidInput(field, "must be " + length + " lower-case hex digits");
        }
        return value;
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInput(field, "is required");
        }
        return value;
    }
}
