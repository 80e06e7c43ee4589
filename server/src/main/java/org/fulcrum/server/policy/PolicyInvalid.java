package org.fulcrum.server.policy;

import org.fulcrum.server.core.FulcrumException;

/** A policy file that cannot be used: bad YAML, an unknown effect, a CEL condition that does not compile. */
public final class PolicyInvalid extends FulcrumException {
    public PolicyInvalid(String message) {
        super(message);
    }

    public PolicyInvalid(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 422;
    }

    @Override
    public String problemType() {
        return "policy-invalid";
    }

    @Override
    public String title() {
        return "Policy files are not valid";
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new PolicyInvalid(message);
        }
    }
}
