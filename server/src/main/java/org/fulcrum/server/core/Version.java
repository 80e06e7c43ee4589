package org.fulcrum.server.core;

import java.util.Optional;

/** The version of this build, from the jar's manifest, or the development version when run from classes. */
public final class Version {
    /** What {@code fulcrum version}, the OpenAPI document and the health answer name. */
    public static final String CURRENT = Optional.ofNullable(
                    Version.class.getPackage().getImplementationVersion())
            .orElse("0.1.0-SNAPSHOT");

    private Version() {}
}
