package org.fulcrum.server.platform;

import java.io.IOException;
import java.nio.file.Files;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.support.TestApp;

class SqliteOutboxClaimsTest extends OutboxClaimsContract {
    @Override
    Config config() {
        try {
            return TestApp.seeded(Files.createTempDirectory("fulcrum-claims"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
