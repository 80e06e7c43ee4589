package org.fulcrum.server.lawful.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Officers as legal staff pick them: every officer with its agency for the picker, an officer found
 * by username or id, and attaching (or changing) the officer of a request entered without one, so
 * its disclosure can be sealed to that officer's key.
 */
public final class OfficerDirectory {
    private final Database db;
    private final Json json;

    public OfficerDirectory(Database db, Json json) {
        this.db = db;
        this.json = json;
    }

    /** An officer as the picker lists it. */
    public record Choice(String id, String username, String name, String agencyId, String agencyName, String country) {
        /** What the picker shows beside the username. */
        public String label() {
            return mentions(name, agencyName)
                    ? name + " (" + country + ")"
                    : name + " · " + agencyName + " (" + country + ")";
        }
    }

    /**
     * Officers as records name them ({@code officer:of_…}) with the name a page shows: the officer's
     * name and agency, for the console's actor names.
     */
    public static Map<String, String> names(Handle h) {
        Map<String, String> names = new HashMap<>();
        h.createQuery("""
                        SELECT o.id, o.name, a.name AS agency_name FROM officer o JOIN agency a ON a.id = o.agency_id""")
                .map((rs, ctx) -> names.put(
                        "officer:" + rs.getString("id"), withAgency(rs.getString("name"), rs.getString("agency_name"))))
                .list();
        return names;
    }

    /**
     * An officer's name with their agency, the agency once: "Insp. Weber (BKA)" for Insp. Weber of
     * the BKA, and the name as it is when it already names the agency ("Insp. Weber (BKA)", "Officer
     * of the BKA") or the short form the agency's name gives in brackets ("Bundeskriminalamt (BKA)").
     */
    public static String withAgency(String name, String agency) {
        return mentions(name, agency) ? name : name + " (" + agency + ")";
    }

    /** Whether {@code name} already names {@code agency}, whole words and case aside. */
    static boolean mentions(String name, String agency) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String a = agency == null ? "" : agency.strip().toLowerCase(Locale.ROOT);
        if (a.isEmpty() || containsWords(n, a)) {
            return true;
        }
        Matcher shortForm = SHORT_FORM.matcher(a);
        return shortForm.find() && containsWords(n, shortForm.group(1).strip());
    }

    private static final Pattern SHORT_FORM = Pattern.compile("\\(([^()]+)\\)\\s*$");

    private static boolean containsWords(String text, String words) {
        return !words.isEmpty()
                && Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(words) + "(?![\\p{L}\\p{N}])")
                        .matcher(text)
                        .find();
    }

    public List<Choice> all() {
        return db.read(h -> h.createQuery("""
                        SELECT o.id, o.username, o.name, a.id AS agency_id, a.name AS agency_name,
                               a.country AS agency_country
                        FROM officer o JOIN agency a ON a.id = o.agency_id ORDER BY a.name, o.name, o.id""").map(CHOICE).list());
    }

    private static final RowMapper<Choice> CHOICE = (rs, ctx) -> new Choice(
            rs.getString("id"),
            rs.getString("username"),
            rs.getString("name"),
            rs.getString("agency_id"),
            rs.getString("agency_name"),
            rs.getString("agency_country"));

    /** The officer named by {@code usernameOrId}; {@code field} names the form field when none matches. */
    public Choice find(String field, String usernameOrId) {
        String key = usernameOrId == null ? "" : usernameOrId.strip();
        if (key.isEmpty()) {
            throw new FulcrumException.InvalidInput(field, "is required: an officer's username");
        }
        return all().stream()
                .filter(c -> c.username().equals(key) || c.id().equals(key))
                .findFirst()
                .orElseThrow(() -> new FulcrumException.InvalidInput(
                        field,
                        "no officer with username or id '" + (key.length() > 64 ? key.substring(0, 64) + "…" : key)
                                + "'"));
    }

    /** Attaches {@code officer} to an open request of the officer's agency, with the reason in the audit trail. */
    public void attach(Principal.Staff staff, String requestId, Choice officer, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            throw new FulcrumException.InvalidInput("reason", "is required (at most 1000 characters)");
        }
        db.write(tx -> {
            LawfulRequest r = Requests.require(tx.handle(), json, requestId);
            if (!r.state().status().open()) {
                throw new FulcrumException.Conflict(
                        "request " + requestId + " is " + r.state().status() + "; its officer stays");
            }
            if (r.parties().agencyId().isPresent()
                    && !r.parties().agencyId().get().equals(officer.agencyId())) {
                throw new FulcrumException.InvalidInput(
                        "officer", "belongs to " + officer.agencyName() + ", not to the agency that sent this request");
            }
            tx.handle()
                    .createUpdate("""
                    UPDATE lawful_request SET officer_id = :o, agency_id = :a, updated_at = :now WHERE id = :id""")
                    .bind("o", officer.id())
                    .bind("a", officer.agencyId())
                    .bind("now", tx.now().toEpochMilli())
                    .bind("id", requestId)
                    .execute();
            Audit.record(
                    tx,
                    staff.actor(),
                    "request.officer",
                    "request:" + requestId,
                    why,
                    r.parties().officerId().map(o -> o + " -> ").orElse("") + officer.id());
            return null;
        });
    }

    Optional<Choice> byId(String id) {
        return all().stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
