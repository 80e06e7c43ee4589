package org.fulcrum.server.review;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A strip of a video's frames for a console page, the frames that matched a bank entry marked. The
 * frames are pictures ({@code /console/frames/...}, blurred until revealed) when the video's bytes
 * can be had, otherwise labelled placeholders.
 *
 * @param title what the strip shows, in words ("Matched bank 'csam-video'")
 * @param subjectId the content the video belongs to, when it is the matched item (empty for a banked video)
 * @param mediaPosition the item's position in the content's media, for the pictures
 * @param pictures whether the frames are drawn from the video's bytes (a preserved copy or the platform's)
 * @param frames the frames shown, in the video's order
 */
public record FrameStrip(
        String title, Optional<String> subjectId, int mediaPosition, boolean pictures, List<Frame> frames) {
    public FrameStrip {
        frames = List.copyOf(frames);
        pictures = pictures && subjectId.isPresent();
    }

    /** The same strip drawn as pictures or, when {@code pictures} is false, as placeholders. */
    public FrameStrip withPictures(boolean pictures) {
        return new FrameStrip(title, subjectId, mediaPosition, pictures, frames);
    }

    /** How many of the frames shown matched. */
    public long matchedCount() {
        return frames.stream().filter(Frame::matched).count();
    }

    /**
     * One frame.
     *
     * @param frame the frame number in decoding order
     * @param seconds its timestamp
     * @param matched whether it matched a frame of the other video
     * @param distance for a matched frame, the PDQ distance to the frame it matched
     * @param otherSeconds for a matched frame, the timestamp of the frame it matched in the other video
     */
    public record Frame(
            long frame, double seconds, boolean matched, Optional<Integer> distance, Optional<Double> otherSeconds) {
        /** The timestamp as a moderator reads it: {@code 1:05.0}. */
        public String time() {
            return clock(seconds);
        }

        /** The timestamp of the frame it matched in the other video ("?" when unknown). */
        public String otherTime() {
            return otherSeconds.map(FrameStrip::clock).orElse("?");
        }

        /** What the frame is, in words, for its label and alternative text. */
        public String describe(String other) {
            return "Frame " + frame + " at " + time()
                    + (matched
                            ? ", matched " + other + " at " + otherTime() + ", distance "
                                    + distance.map(String::valueOf).orElse("?")
                            : ", no match");
        }
    }

    static String clock(double seconds) {
        long tenths = Math.round(Math.max(0, seconds) * 10);
        long minutes = tenths / 600;
        return String.format(Locale.ROOT, "%d:%02d.%d", minutes, (tenths / 10) % 60, tenths % 10);
    }
}
