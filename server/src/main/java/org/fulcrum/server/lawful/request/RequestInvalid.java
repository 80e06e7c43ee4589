package org.fulcrum.server.lawful.request;

import java.util.List;
import org.fulcrum.server.FulcrumException;
import org.fulcrum.server.web.Problem;

/**
 * A request that its instrument does not allow as sent: required elements missing, a kind the
 * instrument cannot carry, an instrument the jurisdiction does not use. Answered with 422 naming
 * every element at fault; nothing is stored.
 */
public final class RequestInvalid extends FulcrumException {
    private final List<Problem.FieldError> errors;

    public RequestInvalid(String message, List<Problem.FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
