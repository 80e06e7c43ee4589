package org.fulcrum.server.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.disclosure.SealedPackage;
import org.fulcrum.server.lawful.signature.Jwk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Opens a disclosure package encrypted to an officer's X25519 key and prints its content. */
@Command(
        name = "decrypt",
        mixinStandardHelpOptions = true,
        description =
                "Decrypt a package Fulcrum encrypted to your X25519 key (fulcrum-sealed-package-v2: HPKE, RFC 9180).")
public final class DecryptCommand implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "the officer's encryption-key.jwk")
    Path key;

    @Parameters(index = "0", description = "the package file (GET /v1/lawful/requests/{id}/package)")
    Path pkg;

    @Override
    public Integer call() throws Exception {
        Json json = Json.strict();
        SealedPackage sealed = SealedPackage.parse(Files.readString(pkg), json);
        byte[] plain = sealed.open(Jwk.read(key, json));
        System.out.println(new String(plain, StandardCharsets.UTF_8));
        return 0;
    }
}
