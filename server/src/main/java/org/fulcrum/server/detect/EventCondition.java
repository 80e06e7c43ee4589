package org.fulcrum.server.detect;

import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.HashMap;
import java.util.Map;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.platform.ContentEvent;

/**
 * A rule condition in CEL over one variable, {@code event}: a map with {@code eventId}, {@code type}
 * (created, edited), {@code subjectId}, {@code kind}, {@code containerId}, {@code containerKind},
 * {@code authorId}, {@code country}, {@code language}, {@code text} (strings; "" when absent),
 * {@code audience} and {@code mediaCount} (ints). Type-checked at save, must return a bool; CEL has
 * no side effects, loops or clock, so evaluation is bounded and deterministic. An evaluation error
 * counts as no match.
 */
final class EventCondition {
    static final int MAX_LENGTH = 2_000;
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("event", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final CelRuntime.Program program;
    private final String source;

    private EventCondition(CelRuntime.Program program, String source) {
        this.program = program;
        this.source = source;
    }

    /** Compiles {@code expression}, or throws {@link InvalidInput} naming {@code field} and the error. */
    static EventCondition compile(String field, String expression) {
        if (expression.isBlank()) {
            throw new InvalidInput(field, "is empty");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new InvalidInput(field, "must have at most " + MAX_LENGTH + " characters");
        }
        CelValidationResult result = COMPILER.compile(expression, field);
        if (result.hasError()) {
            throw new InvalidInput(field, "does not compile: " + result.getErrorString());
        }
        try {
            return new EventCondition(RUNTIME.createProgram(result.getAst()), expression);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidInput(field, "does not compile: " + e.getMessage());
        }
    }

    String source() {
        return source;
    }

    /** True only if the condition evaluates to true for {@code vars} (see {@link #variables}). */
    boolean test(Map<String, Object> vars) {
        try {
            return program.eval(vars) instanceof Boolean b && b;
        } catch (CelEvaluationException | RuntimeException e) {
            return false;
        }
    }

    /** The activation for {@code e}: the {@code event} map. */
    static Map<String, Object> variables(ContentEvent e) {
        Map<String, Object> m = new HashMap<>(16);
        m.put("eventId", e.eventId());
        m.put("type", e.type().name());
        m.put("subjectId", e.subjectId());
        m.put("kind", e.kind().name());
        m.put("containerId", e.containerId().orElse(""));
        m.put("containerKind", e.containerKind().map(Enum::name).orElse(""));
        m.put("authorId", e.authorId().orElse(""));
        m.put("country", e.country().orElse(""));
        m.put("language", e.language().orElse(""));
        m.put("text", e.text().orElse(""));
        m.put("audience", e.audience().orElse(0L));
        m.put("mediaCount", (long) e.mediaList().size());
        return Map.of("event", m);
    }
}
