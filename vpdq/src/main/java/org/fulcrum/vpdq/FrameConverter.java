package org.fulcrum.vpdq;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Turns decoded frames into PDQ luma as the reference does: swscale converts (and, when asked,
 * resizes with its area filter) to packed RGB24, and each pixel's luma is
 * {@code 0.299f*r + 0.587f*g + 0.114f*b} in float32, PDQ's conversion.
 */
final class FrameConverter implements AutoCloseable {
    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    private final int width;
    private final int height;
    private final AVFrame rgb;
    private final float[] luma;
    private final byte[] row;
    private SwsContext scaler;

    FrameConverter(int width, int height) {
        this.width = width;
        this.height = height;
        rgb = av_frame_alloc();
        rgb.format(AV_PIX_FMT_RGB24);
        rgb.width(width);
        rgb.height(height);
        if (av_frame_get_buffer(rgb, 0) < 0) {
            av_frame_free(rgb);
            throw new VideoTooLarge(VideoTooLarge.Limit.PIXELS, "cannot allocate a " + width + "x" + height + " frame");
        }
        luma = new float[width * height];
        row = new byte[width * 3];
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The luma of {@code decoded} at this converter's size; the array is reused by the next call. */
    float[] luma(AVFrame decoded) {
        ByteBuffer pixels = convert(decoded);
        int stride = rgb.linesize(0);
        for (int y = 0; y < height; y++) {
            pixels.get(y * stride, row, 0, row.length);
            int out = y * width;
            for (int x = 0, i = 0; x < width; x++, i += 3) {
                luma[out + x] = LUMA_R * (row[i] & 0xFF) + LUMA_G * (row[i + 1] & 0xFF) + LUMA_B * (row[i + 2] & 0xFF);
            }
        }
        return luma;
    }

    /** {@code decoded} at this converter's size as packed {@code 0xRRGGBB} pixels, row by row (a new array). */
    int[] rgb(AVFrame decoded) {
        ByteBuffer pixels = convert(decoded);
        int stride = rgb.linesize(0);
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            pixels.get(y * stride, row, 0, row.length);
            for (int x = 0, i = 0; x < width; x++, i += 3) {
                out[y * width + x] = (row[i] & 0xFF) << 16 | (row[i + 1] & 0xFF) << 8 | (row[i + 2] & 0xFF);
            }
        }
        return out;
    }

    private ByteBuffer convert(AVFrame decoded) {
        // Cached: rebuilt only if a stream changes size or pixel format mid-way.
        scaler = sws_getCachedContext(
                scaler,
                decoded.width(),
                decoded.height(),
                decoded.format(),
                width,
                height,
                AV_PIX_FMT_RGB24,
                SWS_AREA,
                null,
                null,
                (DoublePointer) null);
        if (scaler == null) {
            throw new UndecodableVideo("cannot convert frames of " + decoded.width() + "x" + decoded.height()
                    + " in pixel format " + decoded.format());
        }
        int rows =
                sws_scale(scaler, decoded.data(), decoded.linesize(), 0, decoded.height(), rgb.data(), rgb.linesize());
        if (rows != height) {
            throw new UndecodableVideo("frame conversion produced " + rows + " of " + height + " rows");
        }
        int stride = rgb.linesize(0);
        return rgb.data(0).capacity((long) stride * height).asBuffer();
    }

    @Override
    public void close() {
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        av_frame_free(rgb);
    }
}
