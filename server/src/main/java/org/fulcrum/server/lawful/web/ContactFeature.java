package org.fulcrum.server.lawful.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.lawful.Lawful;
import org.fulcrum.server.lawful.registry.ContactDirectory;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/** The public point of contact: the machine-readable directory and the page for people. */
public final class ContactFeature implements Feature {
    private final Lawful lawful;
    private final Pages pages;
    private final Supplier<String> publicUrl;

    public ContactFeature(Lawful lawful, Pages pages, Supplier<String> publicUrl) {
        this.lawful = lawful;
        this.pages = pages;
        this.publicUrl = publicUrl;
        pages.nav("Contact for authorities", "/contact");
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/.well-known/fulcrum/contact.json", this::json);
        r.get("/contact", this::page);
    }

    @Override
    public void describe(OpenApi api) {
        api.op(
                        "GET",
                        "/.well-known/fulcrum/contact.json",
                        "Point of contact for authorities: who answers for each "
                                + "jurisdiction, how to send each instrument, languages, and the keys that sign answers")
                .tag("lawful")
                .param("query", "jurisdiction", "string", false, "only this ISO 3166-1 alpha-2 code")
                .response(200, "The directory", Map.class)
                .add();
    }

    private Optional<String> jurisdiction(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("jurisdiction"))
                .filter(j -> !j.isBlank())
                .map(j -> Check.country("jurisdiction", j.toUpperCase()));
    }

    private Map<String, Object> directory(Optional<String> only) {
        return ContactDirectory.build(
                lawful.policies().current(),
                lawful.answerKey(),
                publicUrl.get(),
                lawful.queries().routedCount(),
                only);
    }

    private void json(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300").json(directory(jurisdiction(ctx)));
    }

    private void page(Context ctx) {
        Optional<String> only = jurisdiction(ctx);
        var policy = lawful.policies().current();
        pages.render(
                ctx,
                "lawful/contact.jte",
                "Point of contact for authorities",
                Map.of(
                        "selected", only.orElse(""),
                        "codes",
                                policy.jurisdictions().keySet().stream()
                                        .filter(c -> !c.equals("*"))
                                        .toList(),
                        "jurisdiction", only.map(j -> ContactDirectory.info(j, policy.jurisdiction(j))),
                        "entity", only.map(j -> policy.jurisdiction(j).entity()),
                        "instruments", Instrument.values(),
                        "answerKey", lawful.answerKey().publicKey(),
                        "routed", lawful.queries().routedCount(),
                        "base", publicUrl.get().replaceAll("/+$", "")));
    }
}
