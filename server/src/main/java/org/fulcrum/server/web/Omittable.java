package org.fulcrum.server.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component that may be absent from the JSON although its type is not {@code Optional}: a
 * collection a request may leave out (read as empty), or a value an answer leaves out when it has
 * none. The OpenAPI document then does not list it as required.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Omittable {}
