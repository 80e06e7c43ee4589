package org.fulcrum.server.policy;

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
import java.util.Map;

/**
 * Rule conditions in CEL. Every condition is type-checked at load against four variables
 * ({@code request}, {@code target}, {@code jurisdiction}, {@code lists}), must return a bool, and is
 * compiled once per policy version. CEL has no side effects and no clock, so evaluation is
 * deterministic.
 */
final class Conditions {
    private static final MapType DYN_MAP = MapType.create(SimpleType.STRING, SimpleType.DYN);
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("request", DYN_MAP)
            .addVar("target", DYN_MAP)
            .addVar("jurisdiction", DYN_MAP)
            .addVar("lists", DYN_MAP)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private Conditions() {}

    /** Compiles a rule's condition, or throws {@link PolicyInvalid} naming the rule and the error. */
    static CelRuntime.Program compile(String ruleId, String expression) {
        if (expression.length() > 4000) {
            throw new PolicyInvalid("rule " + ruleId + ": the condition is longer than 4000 characters");
        }
        CelValidationResult result = COMPILER.compile(expression, ruleId);
        if (result.hasError()) {
            throw new PolicyInvalid("rule " + ruleId + ": the condition does not compile: " + result.getErrorString());
        }
        try {
            return RUNTIME.createProgram(result.getAst());
        } catch (CelValidationException | CelEvaluationException e) {
            throw new PolicyInvalid("rule " + ruleId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Evaluates a compiled condition. A condition that fails at run time (a missing key, a type
     * mismatch) counts as an error the caller records in the trace, never as a silent match.
     */
    static Result eval(CelRuntime.Program program, Map<String, Object> vars) {
        try {
            Object value = program.eval(vars);
            if (value instanceof Boolean b) {
                return b ? Result.TRUE : Result.FALSE;
            }
            return Result.ERROR;
        } catch (CelEvaluationException e) {
            return Result.ERROR;
        }
    }

    /** The value of a condition. */
    enum Result {
        TRUE,
        FALSE,
        ERROR
    }
}
