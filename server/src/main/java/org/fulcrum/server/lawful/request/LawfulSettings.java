package org.fulcrum.server.lawful.request;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.PolicyInvalid;

/**
 * The automatic-execution caps and the lawful jobs' timing, from {@code <data>/policy/automation.yaml}
 * (written from the shipped default on first start).
 *
 * @param volumePerIssuerPerHour orders executed automatically per agency per rolling hour
 * @param reachLimit largest audience acted on automatically
 * @param officerRequestsPerMinute signed calls per officer per minute
 * @param alertWhenRemaining share of the clock left when an alert is raised
 * @param jobIntervalSeconds how often the clock and notice jobs run
 */
public record LawfulSettings(
        int volumePerIssuerPerHour,
        long reachLimit,
        int officerRequestsPerMinute,
        double alertWhenRemaining,
        int jobIntervalSeconds) {
    public static final String FILE = "automation.yaml";

    public LawfulSettings {
        if (volumePerIssuerPerHour < 0 || reachLimit < 0 || officerRequestsPerMinute < 1) {
            throw new PolicyInvalid(
                    "automation caps must not be negative, and officers need at least 1 request a minute");
        }
        if (alertWhenRemaining <= 0 || alertWhenRemaining >= 1) {
            throw new PolicyInvalid("alert_when_remaining must be between 0 and 1");
        }
        if (jobIntervalSeconds < 1 || jobIntervalSeconds > 3600) {
            throw new PolicyInvalid("job_interval_seconds must be 1 to 3600");
        }
    }

    public static LawfulSettings load(Path dataDir) {
        Path file = dataDir.resolve("policy").resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, Policies.defaultText(FILE));
            }
            return new ObjectMapper(new YAMLFactory())
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .readValue(Files.readString(file), LawfulSettings.class);
        } catch (IOException e) {
            throw new PolicyInvalid("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
