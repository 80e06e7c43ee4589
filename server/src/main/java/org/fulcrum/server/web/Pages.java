package org.fulcrum.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fulcrum.server.core.Role;

/**
 * Server-rendered pages: precompiled JTE templates under {@code src/main/jte}, one shared layout,
 * and a navigation that features extend with their own console pages.
 */
public final class Pages {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);
    private final List<NavLink> nav = new ArrayList<>();
    private final Supplier<Function<String, String>> directory;
    private final Attentions attentions;

    /** A link in the console navigation, shown to staff holding any of {@code roles}. */
    public record NavLink(String label, String href, List<Role> roles, Section section) {
        public NavLink(String label, String href, List<Role> roles) {
            this(label, href, roles, roles.isEmpty() ? Section.PUBLIC : Section.LOOKUP);
        }
    }

    /**
     * Where a link stands in the navigation, so that each person finds their own work first: the
     * pages where clocks run in hours (queues, escalations, lawful requests), then the other pages
     * where work waits (appeals, data subject requests, reporting tasks), then the pages to look
     * things up, then set-up, then the public pages everyone can open. Within a section links keep
     * the order features added them. A signed-in person starts on the first link of theirs.
     */
    public enum Section {
        URGENT,
        WORK,
        LOOKUP,
        SETUP,
        PUBLIC
    }

    /**
     * What the layout needs besides the page's own content; {@code csrf} is the anti-forgery token
     * the layout puts in {@code <meta name="csrf-token">} for {@code /static/csrf.js} (see {@link Csrf}).
     */
    public record Layout(
            String title,
            Optional<String> user,
            List<NavLink> nav,
            String current,
            String csrf,
            Set<Role> roles,
            Function<String, String> names,
            Map<String, Attention> attention) {
        public Layout(String title, Optional<String> user, List<NavLink> nav, String current, String csrf) {
            this(title, user, nav, current, csrf, Set.of(), Function.identity(), Map.of());
        }

        /** What waits on the page at {@code href} for the viewer, when anything does. */
        public Optional<Attention> waiting(String href) {
            return Optional.ofNullable(attention.get(href));
        }

        /**
         * Whether the viewer holds {@code role}: a page shows a form only to those whose role may
         * send it, and tells the others who acts instead.
         */
        public boolean has(Role role) {
            return roles.contains(role);
        }

        /** Whether the viewer may open the console page at {@code href} (it is in their navigation). */
        public boolean sees(String href) {
            return nav.stream().anyMatch(l -> l.href().equals(href));
        }

        /**
         * How a page names the actor a record keeps as a stable id ({@code staff:st_…}): the staff
         * member's display name; automation and other actors as they are.
         */
        public String name(String actor) {
            return names.apply(actor);
        }
    }

    /**
     * Pages whose layout names staff through {@code directory}, asked at most once per page and only
     * by a page that names someone.
     */
    public Pages(Supplier<Function<String, String>> directory, java.time.Clock clock) {
        this.directory = directory;
        this.attentions = new Attentions(clock);
    }

    /**
     * What waits on a page of the navigation, shown beside its link and refreshed while a page stays
     * open: a count, and whether a clock is out or nearly out.
     *
     * @param count how many things wait
     * @param urgent whether one of them is past or near its deadline
     * @param words what the count stands for, in a sentence ("2 open requests, 1 alerted")
     */
    public record Attention(long count, boolean urgent, String words) {}

    /**
     * Counts what waits on the page at {@code href} for whoever may open it. A count is read at most
     * once every {@link Attentions#FRESH} for everyone, or per viewer when {@code personal}.
     */
    public void attention(String href, boolean personal, Function<Caller, Attention> count) {
        attentions.register(href, personal, count);
    }

    /**
     * What waits on each of {@code visible} for {@code viewer}; read afresh when {@code fresh} (a
     * page being rendered), else from a recent reading (a page left open asking again).
     */
    public Map<String, Attention> attention(List<NavLink> visible, Caller viewer, boolean fresh) {
        return attentions.of(visible.stream().map(NavLink::href).toList(), viewer, fresh);
    }

    /** A page to look things up (or, without roles, a public page). */
    public void nav(String label, String href, Role... roles) {
        nav.add(new NavLink(label, href, List.of(roles)));
    }

    /** A page of {@code section}, shown to staff holding any of {@code roles}. */
    public void nav(Section section, String label, String href, Role... roles) {
        nav.add(new NavLink(label, href, List.of(roles), section));
    }

    /** The links of the navigation the caller of {@code ctx} may follow, their own work first. */
    public List<NavLink> visible(Context ctx) {
        Optional<Caller> p = Caller.of(ctx);
        return nav.stream()
                .filter(l -> l.roles().isEmpty()
                        || p.map(pr -> l.roles().stream().anyMatch(pr.roles()::contains))
                                .orElse(false))
                .sorted(java.util.Comparator.comparing(NavLink::section))
                .toList();
    }

    public Layout layout(Context ctx, String title) {
        Optional<Caller> p = Caller.of(ctx);
        List<NavLink> visible = visible(ctx);
        Optional<String> user = p.map(Caller::name);
        Function<String, String> names = new Function<>() {
            private Function<String, String> loaded;

            @Override
            public String apply(String actor) {
                if (loaded == null) {
                    loaded = directory.get();
                }
                return loaded.apply(actor);
            }
        };
        return new Layout(
                title,
                user,
                visible,
                ctx.path(),
                Csrf.token(ctx),
                p.map(Caller::roles).map(Set::copyOf).orElse(Set.of()),
                names,
                p.map(c -> attention(visible, c, true)).orElse(Map.of()));
    }

    /** Renders {@code template} with {@code params} plus the layout as {@code layout}. */
    public void render(Context ctx, String template, String title, Map<String, Object> params) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        all.put("layout", layout(ctx, title));
        StringOutput out = new StringOutput();
        engine.render(template, all, out);
        // a page carries its form token: never cached
        ctx.header("Cache-Control", "no-store")
                .contentType("text/html; charset=utf-8")
                .result(out.toString());
    }
}
