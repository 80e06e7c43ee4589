package org.fulcrum.server.platform;

import java.time.Instant;
import java.util.Optional;

/** A subject on the platform and its enforcement state, as Fulcrum knows it. */
public record Subject(
        String id,
        SubjectKind kind,
        Optional<String> containerId,
        Optional<String> authorId,
        Optional<String> country,
        Optional<String> language,
        long audience,
        EnforcementState state,
        boolean deletedByPlatform,
        Instant createdAt,
        Instant updatedAt,
        long version) {}
