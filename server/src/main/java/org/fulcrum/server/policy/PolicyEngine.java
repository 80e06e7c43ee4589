package org.fulcrum.server.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a request against one policy version, target by target: principles in file order,
 * rules in order within each; the first decisive rule that matches decides the target (an earlier
 * principle wins), and every rule evaluated is traced. The targets' results then combine into one
 * outcome. No clock, no randomness, no I/O: the same facts and policy give the same evaluation.
 */
public final class PolicyEngine {
    private PolicyEngine() {}

    private sealed interface TargetResult {
        record Decided(Measure measure, List<String> withheld) implements TargetResult {}

        record Refused(Principle principle, Rule rule, String target) implements TargetResult {}

        record Escalated(Need need, String reason) implements TargetResult {}

        record Clarified(String question) implements TargetResult {}
    }

    public static Evaluation evaluate(Policy policy, Facts facts) {
        Jurisdiction jurisdiction = policy.jurisdiction(facts.jurisdiction());
        Map<String, Object> jurisdictionVars =
                Map.of("locally_illegal", new ArrayList<>(jurisdiction.locallyIllegal()));
        Map<String, Object> lists = new LinkedHashMap<>();
        policy.principles().lists().forEach((k, v) -> lists.put(k, new ArrayList<>(v)));
        List<TraceStep> trace = new ArrayList<>();
        List<String> explanation = new ArrayList<>();
        List<Facts.Target> targets = facts.targets().isEmpty() ? List.of(Facts.Target.none()) : facts.targets();
        List<TargetResult> results = new ArrayList<>();
        for (Facts.Target target : targets) {
            results.add(evaluateTarget(policy, facts, target, jurisdictionVars, lists, trace, explanation));
        }
        Outcome outcome = combine(results);
        Optional<String> principle =
                outcome instanceof Outcome.Refuse r ? Optional.of(r.principle()) : Optional.empty();
        return new Evaluation(
                policy.version(),
                outcome,
                trace,
                String.join("\n", new LinkedHashSet<>(explanation)),
                principle,
                jurisdiction.tier(),
                jurisdiction.process(),
                jurisdiction.entity().id());
    }

    private static TargetResult evaluateTarget(
            Policy policy,
            Facts facts,
            Facts.Target target,
            Map<String, Object> jurisdictionVars,
            Map<String, Object> lists,
            List<TraceStep> trace,
            List<String> explanation) {
        Facts.Request request = facts.request();
        List<String> categories = new ArrayList<>(request.dataCategories());
        List<String> withheld = new ArrayList<>();
        PrinciplesFile file = policy.principles();
        for (Principle p : file.principles()) {
            for (Rule rule : p.rules()) {
                Map<String, Object> vars = Map.of(
                        "request",
                        request.cel(categories),
                        "target",
                        target.cel(),
                        "jurisdiction",
                        jurisdictionVars,
                        "lists",
                        lists);
                Conditions.Result value = Conditions.eval(policy.condition(rule.id()), vars);
                boolean matched = value == Conditions.Result.TRUE;
                String effect = value == Conditions.Result.ERROR
                        ? "error"
                        : matched ? rule.effect().name() : "-";
                trace.add(new TraceStep(p.id(), rule.id(), target.ref(), matched, effect));
                if (value == Conditions.Result.ERROR) {
                    explain(explanation, file, p, rule, target, "the condition could not be evaluated; escalated");
                    return new TargetResult.Escalated(
                            Need.legal_review, "rule " + rule.id() + " could not be evaluated");
                }
                if (!matched) {
                    continue;
                }
                explain(explanation, file, p, rule, target, rule.because());
                switch (rule.effect()) {
                    case refuse -> {
                        return new TargetResult.Refused(p, rule, target.ref());
                    }
                    case escalate -> {
                        return new TargetResult.Escalated(rule.need(), rule.because());
                    }
                    case clarify -> {
                        return new TargetResult.Clarified(
                                rule.because() + (target.ref().isEmpty() ? "" : " (" + target.ref() + ")"));
                    }
                    case comply -> {
                        List<String> countries = request.measure() == MeasureKind.geo_restrict
                                ? List.of(facts.jurisdiction())
                                : List.of();
                        return new TargetResult.Decided(
                                new Measure(
                                        target.ref(),
                                        request.measure(),
                                        countries,
                                        request.discloses() ? categories : List.of()),
                                withheld);
                    }
                    case geo_restrict -> {
                        if (request.measure() != MeasureKind.geo_restrict) {
                            withheld.add(target.ref() + ": " + request.measure() + " worldwide replaced by a "
                                    + "geo-restriction in " + facts.jurisdiction() + " (rule " + rule.id() + ")");
                        }
                        return new TargetResult.Decided(
                                new Measure(
                                        target.ref(),
                                        MeasureKind.geo_restrict,
                                        List.of(facts.jurisdiction()),
                                        List.of()),
                                withheld);
                    }
                    case withhold, keep_only -> {
                        List<String> before = new ArrayList<>(categories);
                        if (rule.effect() == Effect.withhold) {
                            categories.removeAll(rule.categories());
                        } else {
                            categories.retainAll(rule.categories());
                        }
                        before.removeAll(categories);
                        for (String c : before) {
                            withheld.add(target.ref() + ": data category " + c + " withheld (rule " + rule.id() + ")");
                        }
                        if (request.discloses() && categories.isEmpty()) {
                            return new TargetResult.Refused(p, rule, target.ref());
                        }
                    }
                    case note -> {
                        // traced and explained only
                    }
                }
            }
        }
        explanation.add("No rule decided; a legal reviewer must assess the request.");
        return new TargetResult.Escalated(Need.legal_review, "no rule of the policy decided this target");
    }

    private static void explain(
            List<String> out, PrinciplesFile file, Principle p, Rule rule, Facts.Target target, String because) {
        String on = target.ref().isEmpty() ? "" : " [" + target.ref() + "]";
        out.add("Principle " + file.number(p.id()) + " (" + p.title() + "), rule " + rule.id() + " → " + rule.effect()
                + on + ": " + because);
    }

    private static Outcome combine(List<TargetResult> results) {
        List<Need> needs = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        List<Measure> measures = new ArrayList<>();
        Set<String> withheld = new LinkedHashSet<>();
        TargetResult.Refused firstRefusal = null;
        int refused = 0;
        for (TargetResult r : results) {
            switch (r) {
                case TargetResult.Escalated e -> {
                    if (!needs.contains(e.need())) {
                        needs.add(e.need());
                    }
                    reasons.add(e.reason());
                }
                case TargetResult.Clarified c -> questions.add(c.question());
                case TargetResult.Refused f -> {
                    refused++;
                    if (firstRefusal == null) {
                        firstRefusal = f;
                    }
                    withheld.add((f.target().isEmpty() ? "request" : f.target()) + ": refused by principle "
                            + f.principle().id() + " (rule " + f.rule().id() + ")");
                }
                case TargetResult.Decided d -> {
                    measures.add(d.measure());
                    withheld.addAll(d.withheld());
                }
            }
        }
        if (!needs.isEmpty()) {
            return new Outcome.Escalate(needs, reasons.stream().distinct().toList());
        }
        if (!questions.isEmpty()) {
            return new Outcome.Clarify(questions.stream().distinct().toList());
        }
        if (refused == results.size()) {
            return new Outcome.Refuse(
                    firstRefusal.principle().id(),
                    firstRefusal.rule().id(),
                    firstRefusal.principle().title() + ": "
                            + firstRefusal.rule().because());
        }
        if (withheld.isEmpty()) {
            return new Outcome.Comply(measures);
        }
        return new Outcome.ComplyInPart(measures, List.copyOf(withheld));
    }
}
