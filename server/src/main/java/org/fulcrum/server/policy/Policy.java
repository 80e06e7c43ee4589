package org.fulcrum.server.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.runtime.CelRuntime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of the policy: the two files' text, what they say, every condition compiled, and the
 * version hash (SHA-256 over both texts) that decisions cite.
 */
public final class Policy {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final String version;
    private final String principlesText;
    private final String jurisdictionsText;
    private final PrinciplesFile principles;
    private final Map<String, Jurisdiction> jurisdictions;
    private final Map<String, List<String>> judicialAuthorisation;
    private final Map<String, CelRuntime.Program> conditions = new HashMap<>();

    private Policy(String principlesText, String jurisdictionsText) {
        this.principlesText = principlesText;
        this.jurisdictionsText = jurisdictionsText;
        this.principles = read(principlesText, PrinciplesFile.class, "principles");
        JurisdictionsFile file = read(jurisdictionsText, JurisdictionsFile.class, "jurisdictions");
        this.jurisdictions = file.resolve();
        this.judicialAuthorisation = file.judicialAuthorisation();
        for (Principle p : principles.principles()) {
            for (Rule r : p.rules()) {
                conditions.put(r.id(), Conditions.compile(r.id(), r.when()));
            }
        }
        this.version = hash(principlesText, jurisdictionsText);
    }

    /** Parses and compiles a policy, or throws {@link PolicyInvalid} saying what is wrong and where. */
    public static Policy parse(String principlesYaml, String jurisdictionsYaml) {
        return new Policy(principlesYaml, jurisdictionsYaml);
    }

    private static <T> T read(String text, Class<T> type, String file) {
        try {
            T value = YAML.readValue(text, type);
            if (value == null) {
                throw new PolicyInvalid("the " + file + " file is empty");
            }
            return value;
        } catch (PolicyInvalid e) {
            throw e;
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null && t != t.getCause()) {
                if (t.getCause() instanceof PolicyInvalid invalid) {
                    throw new PolicyInvalid("the " + file + " file: " + invalid.getMessage(), invalid);
                }
                t = t.getCause();
            }
            throw new PolicyInvalid("the " + file + " file cannot be read: " + e.getMessage(), e);
        }
    }

    static String hash(String principlesText, String jurisdictionsText) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("fulcrum-policy-v1\n".getBytes(StandardCharsets.UTF_8));
            sha.update(principlesText.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(jurisdictionsText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String version() {
        return version;
    }

    public String principlesText() {
        return principlesText;
    }

    public String jurisdictionsText() {
        return jurisdictionsText;
    }

    public PrinciplesFile principles() {
        return principles;
    }

    /** Every profile by code, "*" included. */
    public Map<String, Jurisdiction> jurisdictions() {
        return jurisdictions;
    }

    /** The profile of {@code code}, or the fallback profile. */
    public Jurisdiction jurisdiction(String code) {
        return Optional.ofNullable(jurisdictions.get(code)).orElse(jurisdictions.get("*"));
    }

    /**
     * The elements that, all present, show a judge or a court issued or validated a request under
     * {@code instrument}; empty when the instrument is not judicial.
     */
    public List<String> judicialElements(String instrument) {
        return judicialAuthorisation.getOrDefault(instrument, List.of());
    }

    CelRuntime.Program condition(String ruleId) {
        return conditions.get(ruleId);
    }
}
