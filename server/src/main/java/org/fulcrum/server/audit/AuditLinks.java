package org.fulcrum.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links in the audit viewer: the console page of an audited object, and the identifiers named in
 * an outcome's free text (a disclosure, a decision, a case) turned into links to their pages.
 */
public final class AuditLinks {
    // Identifiers are a kind prefix, an underscore and 26 Crockford base32 characters (core.Ids).
    private static final Pattern ID = Pattern.compile("\\b([a-z]{1,8})_([0-9a-hjkmnp-tv-z]{26})\\b");

    private AuditLinks() {}

    /** A piece of an outcome: plain text, or an identifier with the page it links to. */
    public record Segment(String text, String href) {
        public boolean linked() {
            return !href.isEmpty();
        }
    }

    /** The console page of an audited object ({@code kind:id}), or empty when it has none. */
    public static String of(String target) {
        int colon = target.indexOf(':');
        if (colon < 0) {
            return "";
        }
        String id = target.substring(colon + 1);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}")) {
            return "";
        }
        return switch (target.substring(0, colon)) {
            case "request" -> "/console/lawful/requests/" + id;
            case "case" -> "/console/cases/" + id;
            case "decision" -> "/console/decisions/" + id;
            case "appeal" -> "/console/appeals/" + id;
            case "bank" -> "/console/banks/" + id;
            case "rule" -> "/console/rules/" + id;
            case "dsr" -> "/console/privacy/requests/" + id;
            case "hunt" -> "/console/hunts/" + id;
            case "agency" -> "/console/lawful/authorities#agency-" + id;
            default -> "";
        };
    }

    /**
     * An outcome's text cut into segments, each identifier with a page linked. A disclosure has no
     * page of its own: it links to its place on the page of the request the row is about.
     */
    public static List<Segment> outcome(String target, String text) {
        List<Segment> out = new ArrayList<>();
        Matcher m = ID.matcher(text);
        int at = 0;
        while (m.find()) {
            String href = href(target, m.group(1), m.group());
            if (href.isEmpty()) {
                continue;
            }
            if (m.start() > at) {
                out.add(new Segment(text.substring(at, m.start()), ""));
            }
            out.add(new Segment(m.group(), href));
            at = m.end();
        }
        if (at < text.length()) {
            out.add(new Segment(text.substring(at), ""));
        }
        return out;
    }

    private static String href(String target, String prefix, String id) {
        return switch (prefix) {
            case "dc" -> target.startsWith("request:") ? of(target) + "#disclosure-" + id : "";
            case "lr" -> of("request:" + id);
            case "case" -> of("case:" + id);
            case "dec" -> of("decision:" + id);
            case "apl" -> of("appeal:" + id);
            case "bank" -> of("bank:" + id);
            case "rule" -> of("rule:" + id);
            case "dsr" -> of("dsr:" + id);
            case "hunt" -> of("hunt:" + id);
            default -> "";
        };
    }
}
