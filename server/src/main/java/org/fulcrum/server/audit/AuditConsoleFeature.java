package org.fulcrum.server.audit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/**
 * The audit viewer for auditors and admins: every recorded staff action with its actor, object,
 * time, reason and outcome, filterable, each object linked to its page, exportable as CSV.
 */
public final class AuditConsoleFeature implements Feature {
    private static final Role[] READ = {Role.AUDITOR, Role.ADMIN};

    private final AuditSearch search;
    private final Pages pages;
    private final Clock clock;

    public AuditConsoleFeature(Database db, Pages pages, Clock clock) {
        this.search = new AuditSearch(db);
        this.pages = pages;
        this.clock = clock;
        pages.nav("Audit", "/console/audit", READ);
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/console/audit", this::page, READ);
        r.get("/console/audit.csv", this::csv, READ);
    }

    @Override
    public void describe(OpenApi api) {
        // console pages only
    }

    private void page(Context ctx) {
        AuditSearch.Filter filter = AuditSearch.Filter.read(ctx.queryParamMap());
        pages.render(ctx, "audit/audit.jte", "Audit trail", Map.of("filter", filter, "found", search.page(filter)));
    }

    private void csv(Context ctx) {
        AuditSearch.Filter filter = AuditSearch.Filter.read(ctx.queryParamMap());
        String name = "fulcrum-audit-" + clock.instant().toString().replace(':', '-') + ".csv";
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .contentType("text/csv; charset=utf-8")
                .result(AuditCsv.write(search.all(filter)));
    }
}
