package org.fulcrum.server.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force and every version ever used. The version in force is stored in the
 * database ({@code policy_in_force}, one row per change, the highest {@code seq} applies), so every
 * node sharing the database applies the same one: a node follows a change made on another node
 * within {@link #FOLLOW} plus one read ({@link #job()}). The files in {@code <data>/policy/} are
 * what an operator edits: the first node to start on an empty database puts its files in force
 * (written from the shipped defaults if missing), and a reload on any node puts that node's files
 * in force on all. Each version is stored by hash and appended to the transparency log when it
 * first comes into force, so anyone can check which rules applied to a decision, and a decision
 * can be replayed against its version.
 */
public final class Policies {
    private static final Logger LOG = LoggerFactory.getLogger(Policies.class);
    public static final String PRINCIPLES = "principles.yaml";
    public static final String JURISDICTIONS = "jurisdictions.yaml";
    /** How often a node compares the version in force with the one it applies. */
    public static final Duration FOLLOW = Duration.ofMillis(500);

    private final Path folder;
    private final Database db;
    private final TransparencyLog log;
    private final Map<String, Policy> versions = new ConcurrentHashMap<>();
    private volatile InForce current;

    /** A version in force and its place in the sequence of changes. */
    private record InForce(long seq, Policy policy) {}

    public Policies(Path dataDir, Database db, TransparencyLog log) {
        this.folder = dataDir.resolve("policy");
        this.db = db;
        this.log = log;
        this.current = start();
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

    /**
     * Seeds the version in force from the files on an empty database, or applies the stored one;
     * missing files are written from the version in force (else from the shipped defaults).
     */
    private InForce start() {
        Optional<InForce> stored = db.read(this::inForce);
        if (stored.isPresent()) {
            Policy p = stored.get().policy();
            writeMissing(Map.of(PRINCIPLES, p.principlesText(), JURISDICTIONS, p.jurisdictionsText()));
            Policy files = read();
            if (!files.version().equals(p.version())) {
                LOG.atWarn()
                        .addKeyValue("inForce", p.version())
                        .addKeyValue("files", files.version())
                        .log("the policy files in " + folder + " differ from the policy in force, which applies;"
                                + " POST /v1/policy/reload on this node would put the files in force on every node");
            }
            return stored.get();
        }
        writeMissing(Map.of(PRINCIPLES, defaultText(PRINCIPLES), JURISDICTIONS, defaultText(JURISDICTIONS)));
        return putInForce(read(), "system");
    }

    private void writeMissing(Map<String, String> texts) {
        try {
            Files.createDirectories(folder);
            for (var t : texts.entrySet()) {
                Path p = folder.resolve(t.getKey());
                if (!Files.exists(p)) {
                    Files.writeString(p, t.getValue());
                }
            }
        } catch (IOException e) {
            throw new PolicyInvalid("cannot write the policy files in " + folder + ": " + e.getMessage(), e);
        }
    }

    private Policy read() {
        try {
            return Policy.parse(
                    Files.readString(folder.resolve(PRINCIPLES)), Files.readString(folder.resolve(JURISDICTIONS)));
        } catch (IOException e) {
            throw new PolicyInvalid("cannot read the policy files in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Stores {@code policy} if new and makes it the version in force, unless it already is. */
    private InForce putInForce(Policy policy, String actor) {
        long seq = db.write(tx -> {
            store(tx, policy, actor);
            Handle h = tx.handle();
            for (int attempt = 0; attempt < 20; attempt++) {
                Optional<Map.Entry<Long, String>> latest = latest(h);
                if (latest.isPresent() && latest.get().getValue().equals(policy.version())) {
                    return latest.get().getKey();
                }
                long next = latest.map(Map.Entry::getKey).orElse(0L) + 1;
                // Another node putting a version in force at the same moment takes the same seq: the
                // loser inserts nothing and tries the next one (a new statement sees the winner's row).
                int inserted = h.createUpdate("""
                        INSERT INTO policy_in_force (seq, hash, actor, since) VALUES (:seq, :h, :actor, :at)
                        ON CONFLICT (seq) DO NOTHING""")
                        .bind("seq", next)
                        .bind("h", policy.version())
                        .bind("actor", actor)
                        .bind("at", tx.now().toEpochMilli())
                        .execute();
                if (inserted == 1) {
                    Audit.record(tx, actor, "policy.in_force", "policy:" + policy.version(), null, null);
                    return next;
                }
            }
            throw new IllegalStateException("could not put the policy version in force: too many concurrent changes");
        });
        versions.put(policy.version(), policy);
        return new InForce(seq, policy);
    }

    private static Optional<Map.Entry<Long, String>> latest(Handle h) {
        return h.createQuery("SELECT seq, hash FROM policy_in_force ORDER BY seq DESC LIMIT 1")
                .map((rs, ctx) -> Map.entry(rs.getLong("seq"), rs.getString("hash")))
                .findOne();
    }

    private Optional<InForce> inForce(Handle h) {
        return latest(h).map(e -> new InForce(e.getKey(), version(e.getValue())));
    }

    /** Stores a version the first time it is seen and logs it coming into force. */
    private void store(Tx tx, Policy policy, String actor) {
        boolean known = tx.handle()
                        .createQuery("SELECT COUNT(*) FROM policy_version WHERE hash = :h")
                        .bind("h", policy.version())
                        .mapTo(Integer.class)
                        .one()
                > 0;
        if (known) {
            return;
        }
        tx.handle()
                .createUpdate("""
                INSERT INTO policy_version (hash, principles, jurisdictions, loaded_at)
                VALUES (:h, :p, :j, :at) ON CONFLICT (hash) DO NOTHING""")
                .bind("h", policy.version())
                .bind("p", policy.principlesText())
                .bind("j", policy.jurisdictionsText())
                .bind("at", tx.now().toEpochMilli())
                .execute();
        log.append(
                tx,
                LogEntry.of(
                        EntryKind.policy_version,
                        tx.now(),
                        null,
                        null,
                        null,
                        Map.of(
                                "version", policy.version(),
                                "principles",
                                        policy.principles().principles().stream()
                                                .map(Principle::id)
                                                .toList(),
                                "jurisdictions", policy.jurisdictions().size()),
                        Map.of(),
                        null));
        Audit.record(tx, actor, "policy.version", "policy:" + policy.version(), null, null);
    }

    /** The version in force. */
    public Policy current() {
        return current.policy();
    }

    /**
     * Reads this node's files again and puts them in force on every node; a changed text becomes a
     * new, logged version. Invalid files change nothing.
     */
    public Policy reload(String actor) {
        apply(putInForce(read(), actor), false);
        return current();
    }

    /** Applies the version in force if another node changed it; the poll behind {@link #job()}. */
    public void follow() {
        try {
            db.read(this::inForce).ifPresent(seen -> apply(seen, true));
        } catch (RuntimeException e) {
            LOG.warn("could not read the policy in force", e);
        }
    }

    private synchronized void apply(InForce seen, boolean elsewhere) {
        InForce applied = current;
        if (seen.seq() > applied.seq()) {
            if (elsewhere && !seen.policy().version().equals(applied.policy().version())) {
                LOG.atInfo()
                        .addKeyValue("version", seen.policy().version())
                        .addKeyValue("seq", seen.seq())
                        .log("policy version put in force by another node");
            }
            current = seen;
        }
    }

    /** The poll every node runs to follow the version in force. */
    public Job job() {
        return Job.perNode("policy.follow", FOLLOW, this::follow);
    }

    /** A stored version by hash (for replay). */
    public Policy version(String hash) {
        Policy cached = versions.get(hash);
        if (cached != null) {
            return cached;
        }
        record Texts(String principles, String jurisdictions) {}
        Texts t = db.read(h -> h.createQuery("SELECT principles, jurisdictions FROM policy_version WHERE hash = :h")
                        .bind("h", hash)
                        .map((rs, ctx) -> new Texts(rs.getString("principles"), rs.getString("jurisdictions")))
                        .findOne())
                .orElseThrow(() -> new FulcrumException.NotFound("policy version " + hash));
        Policy p = Policy.parse(t.principles(), t.jurisdictions());
        versions.put(hash, p);
        return p;
    }

    /** Evaluates against the version in force. */
    public Evaluation evaluate(Facts facts) {
        return PolicyEngine.evaluate(current(), facts);
    }

    /** Evaluates again against the version a decision cited. */
    public Evaluation replay(String version, Facts facts) {
        return PolicyEngine.evaluate(version(version), facts);
    }
}
