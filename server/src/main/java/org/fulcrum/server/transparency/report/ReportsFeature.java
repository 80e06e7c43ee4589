package org.fulcrum.server.transparency.report;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.transparency.Checkpointer;
import org.fulcrum.server.transparency.LogKeys;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.Text;

/** The published transparency report: JSON and CSV under /v1/reports, and the public pages. */
public final class ReportsFeature implements Feature {
    private final ReportService reports;
    private final Json json;
    private final Checkpointer checkpointer;
    private final LogKeys keys;
    private final Pages pages;
    private final String publicUrl;

    public ReportsFeature(
            ReportService reports, Checkpointer checkpointer, LogKeys keys, Pages pages, String publicUrl, Json json) {
        this.json = json;
        this.reports = reports;
        this.checkpointer = checkpointer;
        this.keys = keys;
        this.pages = pages;
        this.publicUrl = publicUrl;
        pages.nav("Transparency", "/transparency");
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/v1/reports/transparency.json", ctx -> json(ctx, reports.current()));
        r.get(
                "/v1/reports/lawful.json",
                ctx -> json(
                        ctx, reports.current().lawful().getOrDefault(period(ctx).name(), Map.of())));
        r.get("/v1/reports/lawful.csv", ctx -> csv(ctx, ReportCsv.lawful(reports.current(), period(ctx))));
        r.get("/v1/reports/moderation.json", ctx -> json(ctx, reports.current().moderation()));
        r.get("/v1/reports/moderation.csv", ctx -> csv(ctx, ReportCsv.moderation(reports.current())));
        r.get("/transparency", this::lawfulPage);
        r.get("/transparency/moderation", this::moderationPage);
        r.get("/transparency/log", this::logPage);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/v1/reports/transparency.json", "Every published figure, computed from the log alone")
                .tag("transparency")
                .response(200, "The report", TransparencyReport.class)
                .add();
        api.op("GET", "/v1/reports/lawful.json", "Lawful-request figures by period and jurisdiction")
                .tag("transparency")
                .param("query", "period", "string", false, "day, quarter (default) or year")
                .response(
                        200,
                        "Figures by period (2026-Q1, 2026, 2026-03-01), then by jurisdiction",
                        OpenApi.mapOf(OpenApi.mapOf(LawfulFigures.class)))
                .add();
        api.op("GET", "/v1/reports/lawful.csv", "Lawful-request figures as CSV")
                .tag("transparency")
                .param("query", "period", "string", false, "day, quarter (default) or year")
                .response(200, "CSV", "text/csv")
                .add();
        api.op("GET", "/v1/reports/moderation.json", "Daily moderation figures")
                .tag("transparency")
                .response(200, "Figures by day (2026-03-01)", OpenApi.mapOf(ModerationFigures.class))
                .add();
        api.op("GET", "/v1/reports/moderation.csv", "Daily moderation figures as CSV")
                .tag("transparency")
                .response(200, "CSV", "text/csv")
                .add();
    }

    private static Periods period(Context ctx) {
        String p = ctx.queryParam("period");
        if (p == null || p.isBlank()) {
            return Periods.quarter;
        }
        try {
            return Periods.valueOf(p);
        } catch (IllegalArgumentException e) {
            throw new FulcrumException.InvalidInput("period", "must be day, quarter or year");
        }
    }

    private void json(Context ctx, Object value) {
        ctx.contentType("application/json").result(json.write(value));
    }

    private static void csv(Context ctx, String body) {
        ctx.contentType("text/csv; charset=utf-8").result(body);
    }

    /** A policy version as the public page lists it: number, hash, the time it was in force, its principles. */
    public record PolicyInForce(
            int number, long index, String hash, String from, java.util.Optional<String> until, String principles) {}

    static List<PolicyInForce> policies(List<TransparencyReport.PolicyVersion> versions) {
        List<PolicyInForce> out = new java.util.ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            TransparencyReport.PolicyVersion v = versions.get(i);
            Object principles = v.fields().getOrDefault("principles", List.of());
            out.add(new PolicyInForce(
                    i + 1,
                    v.index(),
                    String.valueOf(v.fields().getOrDefault("version", "")),
                    minute(v.time()),
                    i + 1 < versions.size()
                            ? java.util.Optional.of(minute(versions.get(i + 1).time()))
                            : java.util.Optional.empty(),
                    principles instanceof List<?> l
                            ? String.join(", ", l.stream().map(String::valueOf).toList())
                            : String.valueOf(principles)));
        }
        return out;
    }

    /** A logged time to the minute, as the public pages write times; anything else as it is. */
    private static String minute(String logged) {
        try {
            return Text.minute(java.time.Instant.parse(logged));
        } catch (java.time.format.DateTimeParseException e) {
            return logged;
        }
    }

    /** One row of the per-jurisdiction table. */
    public record Row(String jurisdiction, LawfulFigures figures) {}

    private void lawfulPage(Context ctx) {
        TransparencyReport r = reports.current();
        Map<String, Map<String, LawfulFigures>> quarters = r.lawful().getOrDefault("quarter", Map.of());
        String selected = ctx.queryParam("quarter");
        if (selected == null || !quarters.containsKey(selected)) {
            selected = quarters.isEmpty() ? "" : ((TreeMap<String, ?>) new TreeMap<>(quarters)).lastKey();
        }
        Map<String, LawfulFigures> table = quarters.getOrDefault(selected, Map.of());
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> principles = new TreeMap<>();
        Map<String, Long> kinds = new TreeMap<>();
        table.values().forEach(f -> {
            f.outcomes().forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            f.refusalsByPrinciple().forEach((k, v) -> principles.merge(k, v, Long::sum));
            f.byKind().forEach((k, v) -> kinds.merge(k, v, Long::sum));
        });
        Map<String, Long> trend = new LinkedHashMap<>();
        quarters.forEach((q, byJ) -> trend.put(
                q, byJ.values().stream().mapToLong(LawfulFigures::received).sum()));
        List<Row> rows = table.entrySet().stream()
                .map(e -> new Row(e.getKey(), e.getValue()))
                .toList();
        pages.render(
                ctx,
                "transparency/report.jte",
                "Transparency report",
                Map.of(
                        "report",
                        r,
                        "quarter",
                        selected,
                        "quarters",
                        List.copyOf(quarters.keySet()),
                        "rows",
                        rows,
                        "outcomesChart",
                        Charts.bars(outcomes, "chart-outcomes", Text::words),
                        "principlesChart",
                        Charts.bars(principles, "chart-principles", Text::words),
                        "kindsChart",
                        Charts.bars(kinds, "chart-kinds", Text::words),
                        "trendChart",
                        Charts.bars(trend, "chart-trend"),
                        "policies",
                        policies(r.policyVersions())));
    }

    private void moderationPage(Context ctx) {
        TransparencyReport r = reports.current();
        Map<String, Long> removedPerDay = new LinkedHashMap<>();
        r.moderation()
                .forEach((d, f) ->
                        removedPerDay.put(d, f.itemsActioned() + f.containersActioned() + f.accountsActioned()));
        pages.render(
                ctx,
                "transparency/moderation.jte",
                "Daily moderation figures",
                Map.of(
                        "report",
                        r,
                        "days",
                        List.copyOf(
                                new TreeMap<>(r.moderation()).descendingMap().entrySet()),
                        "trendChart",
                        Charts.bars(removedPerDay, "chart-actioned")));
    }

    private void logPage(Context ctx) {
        pages.render(
                ctx,
                "transparency/log.jte",
                "Transparency log",
                Map.of(
                        "checkpoint",
                        checkpointer.latest().format(),
                        "key",
                        keys.verifierKey(),
                        "publicUrl",
                        publicUrl));
    }
}
