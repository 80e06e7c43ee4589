package org.fulcrum.server.cli;

import java.nio.file.Path;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.ConfigLoader;
import picocli.CommandLine.Option;

/** The options {@code serve} and {@code demo} share. */
public final class ServerOptions {
    @Option(names = "--port", description = "HTTP port (default 8080, or FULCRUM_PORT)")
    Integer port;

    @Option(names = "--data", description = "data folder (default ./fulcrum-data, or FULCRUM_DATA)")
    Path data;

    @Option(names = "--config", description = "a properties file; see README for the keys")
    Path config;

    Config load() {
        ConfigLoader loader = new ConfigLoader().file(config).environment(System.getenv());
        if (port != null) {
            loader.set("port", String.valueOf(port));
        }
        if (data != null) {
            loader.set("data", data.toString());
        }
        return loader.load();
    }
}
