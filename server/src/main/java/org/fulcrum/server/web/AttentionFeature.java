package org.fulcrum.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Role;

/**
 * {@code GET /console/attention}: what waits on each of the viewer's pages, as the navigation shows
 * it, so that an open page keeps its counts and its title current without being reloaded (a TCO
 * order held for review shows on every page legal staff have open, not only on the list).
 */
public final class AttentionFeature implements Feature {
    private final Pages pages;

    public AttentionFeature(Pages pages) {
        this.pages = pages;
    }

    /** One page's count as the navigation shows it. */
    public record Waiting(String href, String label, long count, boolean urgent, String words) {}

    /** Every page of the viewer's on which something waits, the total and whether any of it is urgent. */
    public record Answer(long total, boolean urgent, List<Waiting> pages) {}

    @Override
    public void routes(RoutesConfig r) {
        r.get("/console/attention", this::attention, Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/console/attention", "What waits on each of the caller's console pages")
                .tag("console")
                .security("session")
                .response(200, "Counts per page", Answer.class)
                .add();
    }

    private void attention(Context ctx) {
        List<Pages.NavLink> visible = pages.visible(ctx);
        Map<String, Pages.Attention> counts =
                Caller.of(ctx).map(c -> pages.attention(visible, c, false)).orElse(Map.of());
        List<Waiting> waiting = visible.stream()
                .filter(l -> counts.containsKey(l.href()))
                .map(l -> {
                    Pages.Attention a = counts.get(l.href());
                    return new Waiting(l.href(), l.label(), a.count(), a.urgent(), a.words());
                })
                .toList();
        ctx.header("Cache-Control", "no-store");
        ctx.json(new Answer(
                waiting.stream().mapToLong(Waiting::count).sum(),
                waiting.stream().anyMatch(Waiting::urgent),
                waiting));
    }
}
