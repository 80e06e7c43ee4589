package org.fulcrum.vpdq;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.fulcrum.pdq.UnreadableInput;

/**
 * The video containers this module opens, recognised by their first bytes (never by the file
 * name). Only these demuxers are enabled in FFmpeg, so a playlist or concat script posing as a
 * video cannot make the decoder open other files or URLs.
 */
public enum VideoFormat {
    /** ISO base media: MP4, MOV, 3GP, M4V. */
    MP4("mov,mp4,m4a,3gp,3g2,mj2"),
    /** Matroska and WebM. */
    MATROSKA("matroska,webm"),
    AVI("avi"),
    FLV("flv"),
    /** MPEG transport stream. */
    MPEG_TS("mpegts"),
    /** MPEG program stream. */
    MPEG_PS("mpeg"),
    OGG("ogg");

    /** Bytes {@link #sniff} needs to see to tell every format apart. */
    public static final int HEADER_BYTES = 12 + 188 * 2;

    private final String demuxers;

    VideoFormat(String demuxers) {
        this.demuxers = demuxers;
    }

    /** FFmpeg's names for the demuxers that read this format. */
    String demuxers() {
        return demuxers;
    }

    /** The format whose signature {@code head} starts with, if any. */
    public static Optional<VideoFormat> sniff(byte[] head) {
        if (head.length >= 12 && ascii(head, 4, "ftyp")) {
            return Optional.of(MP4);
        }
        // Files written without an ftyp box (old QuickTime) start with one of these atoms.
        if (head.length >= 8
                && (ascii(head, 4, "moov")
                        || ascii(head, 4, "mdat")
                        || ascii(head, 4, "wide")
                        || ascii(head, 4, "free")
                        || ascii(head, 4, "skip"))) {
            return Optional.of(MP4);
        }
        if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(MATROSKA);
        }
        if (head.length >= 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "AVI ")) {
            return Optional.of(AVI);
        }
        if (head.length >= 4 && ascii(head, 0, "FLV") && head[3] == 1) {
            return Optional.of(FLV);
        }
        if (head.length > 188 && head[0] == 0x47 && head[188] == 0x47) {
            return Optional.of(MPEG_TS);
        }
        if (startsWith(head, 0x00, 0x00, 0x01, 0xBA)) {
            return Optional.of(MPEG_PS);
        }
        if (head.length >= 4 && ascii(head, 0, "OggS")) {
            return Optional.of(OGG);
        }
        return Optional.empty();
    }

    /** The format of the file's first bytes, if it is a video container this module opens. */
    public static Optional<VideoFormat> sniff(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sniff(in.readNBytes(HEADER_BYTES));
        } catch (IOException e) {
            throw new UnreadableInput("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every demuxer name of every format, for FFmpeg's whitelist. */
    static String allDemuxers() {
        return String.join(
                ",", Arrays.stream(values()).map(VideoFormat::demuxers).toList());
    }

    private static boolean ascii(byte[] head, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (head[at + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] head, int... bytes) {
        if (head.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((head[i] & 0xFF) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
