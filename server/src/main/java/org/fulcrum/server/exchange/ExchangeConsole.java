package org.fulcrum.server.exchange;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.web.Caller;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.Pages;

/**
 * The console page of hash sharing, {@code /console/exchanges}: the exchanges followed with their
 * last sync, size and errors; the banks and whether each is published; the key followers pin. Each
 * role sees only the controls it may use: admins publish banks and follow feeds, moderators pull
 * an exchange now, auditors read.
 */
public final class ExchangeConsole implements Feature {
    private final FeedKey key;
    private final Publications publications;
    private final Exchanges exchanges;
    private final Banks banks;
    private final Pages pages;

    public ExchangeConsole(FeedKey key, Publications publications, Exchanges exchanges, Banks banks, Pages pages) {
        this.key = key;
        this.publications = publications;
        this.exchanges = exchanges;
        this.banks = banks;
        this.pages = pages;
        pages.nav(Pages.Section.SETUP, "Exchanges", "/console/exchanges", ExchangeFeature.READ);
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/console/exchanges", this::page, ExchangeFeature.READ);
        r.post(
                "/console/exchanges/publish",
                ctx -> form(ctx, () -> {
                    String bank = required(ctx, "bank");
                    boolean on = "on".equals(ctx.formParam("published"));
                    publications.publish(ExchangeFeature.actor(ctx), bank, on);
                    return on ? "published" : "no longer published";
                }),
                ExchangeFeature.ADMIN);
        r.post(
                "/console/exchanges",
                ctx -> form(ctx, () -> {
                    Exchanges.ExchangeView x = exchanges.create(
                            ExchangeFeature.actor(ctx),
                            new Exchanges.ExchangeSpec(
                                    ctx.formParam("name"),
                                    required(ctx, "bankId"),
                                    ctx.formParam("feedUrl"),
                                    optional(ctx, "remoteBank"),
                                    ctx.formParam("publicKey"),
                                    optional(ctx, "token")));
                    return "following " + x.name();
                }),
                ExchangeFeature.ADMIN);
        r.post(
                "/console/exchanges/{id}/sync",
                ctx -> form(ctx, () -> {
                    Exchanges.SyncResult s = exchanges.sync(ExchangeFeature.id(ctx));
                    if (s.error().isPresent()) {
                        throw new FulcrumException.Conflict(
                                "refused: " + s.error().get());
                    }
                    return "pulled " + s.batches() + " batches: " + s.added() + " added, " + s.removed() + " removed, "
                            + s.heldBack() + " held back as false positives";
                }),
                ExchangeFeature.OPERATE);
    }

    @Override
    public void describe(org.fulcrum.server.web.OpenApi api) {
        // console pages; the same operations are described under /v1/exchange and /v1/exchanges
    }

    private void page(Context ctx) {
        Set<Role> roles = Caller.of(ctx).map(Caller::roles).orElse(Set.of());
        boolean admin = roles.contains(Role.ADMIN);
        Map<String, Object> p = new HashMap<>();
        p.put("exchanges", exchanges.list());
        p.put("publications", publications.list());
        p.put("banks", banks.list());
        p.put("key", key.publicKey());
        p.put("admin", admin);
        p.put("operate", admin || roles.contains(Role.MODERATOR));
        p.put("message", Optional.ofNullable(ctx.queryParam("message")).orElse(""));
        p.put("error", Optional.ofNullable(ctx.queryParam("error")).orElse(""));
        pages.render(ctx, "exchange/exchanges.jte", "Exchanges", p);
    }

    private static void form(Context ctx, Supplier<String> change) {
        try {
            ctx.redirect("/console/exchanges?message=" + enc(change.get()));
        } catch (FulcrumException.NotFound e) {
            throw e;
        } catch (InvalidInput e) {
            ctx.redirect("/console/exchanges?error=" + enc(e.field() + ": " + e.getMessage()));
        } catch (FulcrumException e) {
            ctx.redirect("/console/exchanges?error=" + enc(e.getMessage()));
        }
    }

    private static String required(Context ctx, String name) {
        return optional(ctx, name).orElseThrow(() -> new InvalidInput(name, "is required"));
    }

    private static Optional<String> optional(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
