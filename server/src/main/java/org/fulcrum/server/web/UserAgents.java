package org.fulcrum.server.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's {@code User-Agent} in a few words ("Chrome 131 on Linux"), so a person can tell their
 * own browsers apart; the header itself is never kept. Unknown browsers and systems read as such.
 */
public final class UserAgents {
    /** Longest summary kept. */
    public static final int MAX = 60;

    private static final Pattern[] BROWSERS = {
        Pattern.compile("(Edg|EdgA|EdgiOS)/(\\d+)"),
        Pattern.compile("(OPR)/(\\d+)"),
        Pattern.compile("(Firefox|FxiOS)/(\\d+)"),
        Pattern.compile("(HeadlessChrome|Chromium|Chrome|CriOS)/(\\d+)"),
        Pattern.compile("Version/(\\d+)[.\\d]* (?:Mobile/\\S+ )?(Safari)/"),
    };

    private UserAgents() {}

    /** The browser and system of {@code userAgent} in words; "unknown browser" when there is nothing to tell. */
    public static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank() || userAgent.length() > 1000) {
            return "unknown browser";
        }
        String browser = browser(userAgent);
        String system = system(userAgent);
        String words = system.isEmpty() ? browser : browser + " on " + system;
        return Text.clip(words, MAX);
    }

    private static String browser(String ua) {
        for (Pattern p : BROWSERS) {
            Matcher m = p.matcher(ua);
            if (m.find()) {
                if (m.group(2).equals("Safari")) {
                    return "Safari " + m.group(1);
                }
                String name = switch (m.group(1)) {
                    case "Edg", "EdgA", "EdgiOS" -> "Edge";
                    case "OPR" -> "Opera";
                    case "Firefox", "FxiOS" -> "Firefox";
                    case "HeadlessChrome" -> "Chrome (headless)";
                    case "CriOS", "Chrome" -> "Chrome";
                    default -> m.group(1);
                };
                return name + " " + m.group(2);
            }
        }
        return "unknown browser";
    }

    private static String system(String ua) {
        if (ua.contains("iPhone") || ua.contains("iPad")) {
            return "iOS";
        }
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("CrOS")) {
            return "ChromeOS";
        }
        if (ua.contains("Windows")) {
            return "Windows";
        }
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
            return "macOS";
        }
        if (ua.contains("Linux") || ua.contains("X11")) {
            return "Linux";
        }
        return "";
    }
}
