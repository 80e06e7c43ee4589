package org.fulcrum.vpdq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fulcrum.pdq.MalformedHash;
import org.fulcrum.pdq.UnreadableInput;

/**
 * A video's vPDQ hash: the hashed frames in frame order, with the decoded size and frame rate.
 * A hash read back from text has only the frames ({@code width}, {@code height} and
 * {@code frameRate} are 0).
 */
public record VideoHash(List<VpdqFeature> features, int width, int height, double frameRate) {
    /** Largest hash file {@link #read} accepts: a day at 60 frames per second, one line per frame. */
    static final long MAX_FILE_BYTES = 64L << 20;

    public VideoHash {
        features = List.copyOf(features);
    }

    /** The reference's text form: one {@link VpdqFeature#toLine()} per line. */
    public List<String> lines() {
        return features.stream().map(VpdqFeature::toLine).toList();
    }

    /** Reads a hash file in the reference's form; blank lines and {@code #} comments are skipped. */
    public static VideoHash read(Path file) {
        List<String> text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new MalformedHash(
                        file + " is over " + (MAX_FILE_BYTES >> 20) + " MiB, too large for a vPDQ hash file");
            }
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UnreadableInput("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<VpdqFeature> features = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                features.add(VpdqFeature.parse(line));
            } catch (MalformedHash e) {
                throw new MalformedHash(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (features.isEmpty()) {
            throw new MalformedHash(file + " holds no vPDQ frame lines");
        }
        return new VideoHash(features, 0, 0, 0);
    }
}
