package org.fulcrum.server.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;

/**
 * The policy in force and every version ever used. The files live in {@code <data>/policy/}
 * (written from the shipped defaults on first start, so operators can edit them); each version is
 * stored by hash and appended to the transparency log when it first comes into force, so anyone
 * can check which rules applied to a decision, and a decision can be replayed against its version.
 */
public final class Policies {
    public static final String PRINCIPLES = "principles.yaml";
    public static final String JURISDICTIONS = "jurisdictions.yaml";

    private final Path folder;
    private final Database db;
    private final TransparencyLog log;
    private final Map<String, Policy> versions = new ConcurrentHashMap<>();
    private volatile Policy current;

    public Policies(Path dataDir, Database db, TransparencyLog log) {
        this.folder = dataDir.resolve("policy");
        this.db = db;
        this.log = log;
        this.current = install(read(), "system");
    }

    /** The shipped default of a policy file. */
    public static String defaultText(String file) {
        try (InputStream in = Policies.class.getResourceAsStream("/policy/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the default policy file " + file + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Policy read() {
        try {
            Files.createDirectories(folder);
            for (String file : new String[]{PRINCIPLES, JURISDICTIONS}) {
                Path p = folder.resolve(file);
                if (!Files.exists(p)) {
                    Files.writeString(p, defaultText(file));
                }
            }
            return Policy.parse(Files.readString(folder.resolve(PRINCIPLES)), Files.readString(folder.resolve(JURISDICTIONS)));
        } catch (IOException e) {
            throw new PolicyInvalid("cannot read the policy files in " + folder + ": " + e.getMessage(), e);
        }
    }

    private Policy install(Policy policy, String actor) {
        db.write(tx -> {
            store(tx, policy, actor);
            return null;
        });
        versions.put(policy.version(), policy);
        return policy;
    }

    /** Stores a version the first time it is seen and logs it coming into force. */
    private void store(Tx tx, Policy policy, String actor) {
        boolean known = tx.handle().createQuery("SELECT COUNT(*) FROM policy_version WHERE hash = :h")
                .bind("h", policy.version()).mapTo(Integer.class).one() > 0;
        if (known) {
            return;
        }
        tx.handle().createUpdate("""
                INSERT INTO policy_version (hash, principles, jurisdictions, loaded_at)
                VALUES (:h, :p, :j, :at)""")
                .bind("h", policy.version()).bind("p", policy.principlesText()).bind("j", policy.jurisdictionsText())
                .bind("at", tx.now().toEpochMilli()).execute();
        log.append(tx, LogEntry.of(EntryKind.policy_version, tx.now(), null, null, null, Map.of(
                "version", policy.version(),
                "principles", policy.principles().principles().stream().map(Principle::id).toList(),
                "jurisdictions", policy.jurisdictions().size()), Map.of(), null));
        Audit.record(tx, actor, "policy.version", "policy:" + policy.version(), null, null);
    }

    /** The version in force. */
    public Policy current() {
        return current;
    }

    /** Reads the files again; a changed text becomes a new version, logged. Invalid files change nothing. */
    public Policy reload(String actor) {
        current = install(read(), actor);
        return current;
    }

    /** A stored version by hash (for replay). */
    public Policy version(String hash) {
        Policy cached = versions.get(hash);
        if (cached != null) {
            return cached;
        }
        record Texts(String principles, String jurisdictions) {
        }
        Texts t = db.read(h -> h.createQuery("SELECT principles, jurisdictions FROM policy_version WHERE hash = :h")
                .bind("h", hash).map((rs, ctx) -> new Texts(rs.getString(1), rs.getString(2))).findOne())
                .orElseThrow(() -> new FulcrumException.NotFound("policy version " + hash));
        Policy p = Policy.parse(t.principles(), t.jurisdictions());
        versions.put(hash, p);
        return p;
    }

    /** Evaluates against the version in force. */
    public Evaluation evaluate(Facts facts) {
        return PolicyEngine.evaluate(current, facts);
    }

    /** Evaluates again against the version a decision cited. */
    public Evaluation replay(String version, Facts facts) {
        return PolicyEngine.evaluate(version(version), facts);
    }
}
