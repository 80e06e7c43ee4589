package org.fulcrum.server.lawful.request;

import java.util.List;
import org.fulcrum.server.core.FieldError;
import org.fulcrum.server.core.FulcrumException;

/**
 * A request that its instrument does not allow as sent: required elements missing, a kind the
 * instrument cannot carry, an instrument the jurisdiction does not use. Answered with 422 naming
 * every element at fault; nothing is stored.
 */
public final class RequestInvalid extends FulcrumException {
    private final List<FieldError> errors;

    public RequestInvalid(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    @Override
    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public int status() {
        return 422;
    }

    @Override
    public String problemType() {
        return "request-invalid";
    }

    @Override
    public String title() {
        return "Request is not valid for its instrument";
    }
}
