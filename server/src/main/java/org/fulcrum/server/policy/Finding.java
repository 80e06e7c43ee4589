package org.fulcrum.server.policy;

import org.fulcrum.server.core.FulcrumException;

/** A reviewer's finding on a subject, as principle 2 (peaceful expression) needs it. */
public enum Finding {
    political_speech,
    protest,
    journalism,
    none;

    /** Whether the finding protects the subject from restriction on a government's request. */
    public boolean protectedExpression() {
        return this != none;
    }

    public static Finding parse(String value) {
        for (Finding f : values()) {
            if (f.name().equals(value)) {
                return f;
            }
        }
        throw new FulcrumException.InvalidInput(
                "finding", "must be one of political_speech, protest, journalism, none");
    }
}
