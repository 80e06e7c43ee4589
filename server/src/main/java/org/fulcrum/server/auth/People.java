package org.fulcrum.server.auth;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * People by name: records keep actors as stable ids ({@code staff:st_…}, {@code officer:of_…});
 * pages show the person's display name and keep the id for the tooltip.
 */
public record People(Map<String, String> names) {
    public People {
        names = Map.copyOf(names);
    }

    public static People load(Handle h) {
        Map<String, String> names = new HashMap<>();
        h.createQuery("SELECT id, display_name, username FROM staff")
                .map((rs, ctx) -> {
                    String display = rs.getString("display_name");
                    names.put(
                            "staff:" + rs.getString("id"),
                            display == null || display.isBlank() ? rs.getString("username") : display);
                    return null;
                })
                .list();
        return new People(names);
    }

    /** These names and {@code more} (other kinds of actor, such as officers of authorities). */
    public People with(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(more);
        all.putAll(names);
        return new People(all);
    }

    /** The display name of {@code actor}; "automation" and unknown actors as they are. */
    public String name(String actor) {
        if (actor == null || actor.isEmpty()) {
            return "nobody";
        }
        return names.getOrDefault(actor, actor.equals("automation") ? "automated decision" : actor);
    }
}
