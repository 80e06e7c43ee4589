package org.fulcrum.server.privacy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.EnumMap;
import java.util.Map;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.PolicyInvalid;

/**
 * The retention file, {@code <data>/policy/retention.yaml} (written from the shipped default on first
 * start): a period per data class and the purge job's pace. A class the file leaves out keeps its
 * default; an unknown class, a bad period or one below the class's floor stops the start.
 *
 * @param periods the period of each class
 * @param purgeIntervalMinutes how often the purge job runs
 * @param purgeBatchSize rows deleted per transaction
 * @param purgeMaxBatches batches per class in one run
 */
public record RetentionFile(
        Map<DataClass, Period> periods, int purgeIntervalMinutes, int purgeBatchSize, int purgeMaxBatches) {
    public static final String FILE = "retention.yaml";

    public RetentionFile {
        Map<DataClass, Period> all = new EnumMap<>(DataClass.class);
        for (DataClass c : DataClass.values()) {
            Period p = periods.getOrDefault(c, c.defaultPeriod());
            if (Retention.longer(c.floor(), p)) {
                throw new PolicyInvalid(FILE + ": " + c + " must be kept at least " + c.floor() + ", not " + p);
            }
            all.put(c, p);
        }
        periods = Map.copyOf(all);
        if (purgeIntervalMinutes < 1 || purgeIntervalMinutes > 7 * 24 * 60) {
            throw new PolicyInvalid(FILE + ": purge_interval_minutes must be 1 to 10080");
        }
        if (purgeBatchSize < 1 || purgeBatchSize > 10_000) {
            throw new PolicyInvalid(FILE + ": purge_batch_size must be 1 to 10000");
        }
        if (purgeMaxBatches < 1 || purgeMaxBatches > 10_000) {
            throw new PolicyInvalid(FILE + ": purge_max_batches must be 1 to 10000");
        }
    }

    /** The file as written in YAML. */
    record Raw(
            Map<String, String> periods,
            Integer purgeIntervalMinutes,
            Integer purgeBatchSize,
            Integer purgeMaxBatches) {}

    public static RetentionFile load(Path dataDir) {
        Path file = dataDir.resolve("policy").resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, Policies.defaultText(FILE));
            }
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new PolicyInvalid("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static RetentionFile parse(String yaml) {
        Raw raw;
        try {
            if (yaml.isBlank()) {
                return parse("periods: {}\n");
            }
            raw = new ObjectMapper(new YAMLFactory())
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(yaml, Raw.class);
        } catch (IOException e) {
            throw new PolicyInvalid(FILE + " is not valid: " + e.getMessage(), e);
        }
        if (raw == null) {
            raw = new Raw(null, null, null, null);
        }
        Map<DataClass, Period> periods = new EnumMap<>(DataClass.class);
        if (raw.periods() != null) {
            for (Map.Entry<String, String> e : raw.periods().entrySet()) {
                try {
                    periods.put(DataClass.parse("periods", e.getKey()), Retention.parse(e.getKey(), e.getValue()));
                } catch (FulcrumException.InvalidInput bad) {
                    throw new PolicyInvalid(FILE + ": periods." + bad.field() + " " + bad.getMessage());
                }
            }
        }
        return new RetentionFile(
                periods,
                orElse(raw.purgeIntervalMinutes(), 60),
                orElse(raw.purgeBatchSize(), 500),
                orElse(raw.purgeMaxBatches(), 20));
    }

    private static int orElse(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }
}
