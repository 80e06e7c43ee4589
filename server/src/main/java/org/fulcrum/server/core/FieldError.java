package org.fulcrum.server.core;

/**
 * One wrong field of a request: a JSON path like {@code events[3].audience} and the reason.
 *
 * @param field the path of the field at fault
 * @param reason why it is refused
 */
public record FieldError(String field, String reason) {}
