package org.fulcrum.server.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a package: the namespace its records' OpenAPI schemas are named under, in place of the package
 * name. A feature split into layer packages names its schemas under the feature alone, so that
 * moving a record between layers never renames a schema clients may have generated code from.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface SchemaNamespace {
    /** The namespace, relative to {@code org.fulcrum.server} (like {@code lawful}). */
    String value();
}
