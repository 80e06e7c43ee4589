package org.fulcrum.vpdq;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Frames decoded as pictures, for people to look at (a console's frame strip): each wanted frame
 * number with its pixels, packed {@code 0xRRGGBB} row by row at {@code width x height}.
 *
 * @param frameRate the stream's frame rate, so a number converts to a timestamp
 */
public record VideoFrames(int width, int height, double frameRate, Map<Long, int[]> pixels) {
    public VideoFrames {
        pixels = Collections.unmodifiableMap(new TreeMap<>(pixels));
    }
}
