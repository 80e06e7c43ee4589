package org.fulcrum.vpdq;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.fulcrum.pdq.PdqHasher;
import org.fulcrum.pdq.PdqResult;
import org.fulcrum.pdq.UnreadableInput;

/**
 * Hashes a video file with vPDQ as the reference does: the first video stream is decoded by
 * FFmpeg; every frame whose number (in decoding output order, from 0) is a multiple of
 * {@code secondsPerHash x frame rate} (truncated, at least 1) is converted to RGB24 by swscale's
 * area filter, at the stream's size or the requested downsampled size, and hashed with PDQ; its
 * timestamp is its number over the frame rate (the stream's average rate, else its base rate).
 *
 * <p>Decoding runs on the calling thread with one decoder thread, so a bounded pool of callers
 * bounds the CPU used. Instances are immutable and may be shared.
 */
public final class VideoHasher {
    /** Frames narrower or lower than this cannot be hashed (the reference refuses them too). */
    static final int MIN_DIMENSION = 5;

    static {
        // FFmpeg logs to the process's stderr; failures reach callers as exceptions instead.
        av_log_set_level(AV_LOG_QUIET);
    }

    private final VideoLimits limits;
    private final double secondsPerHash;
    private final int downsampleWidth;
    private final int downsampleHeight;

    /**
     * @param limits           bounds on the input
     * @param secondsPerHash   interval between hashed frames; 0 hashes every frame
     * @param downsampleWidth  width frames are scaled to before hashing, 0 for the stream's own
     * @param downsampleHeight height frames are scaled to before hashing, 0 for the stream's own
     */
    public VideoHasher(VideoLimits limits, double secondsPerHash, int downsampleWidth, int downsampleHeight) {
        if (!(secondsPerHash >= 0) || secondsPerHash > 3600) {
            throw new IllegalArgumentException("seconds per hash must be 0-3600, got " + secondsPerHash);
        }
        if (downsampleWidth < 0
                || downsampleHeight < 0
                || (long) downsampleWidth * downsampleHeight > limits.maxPixels()
                || (downsampleWidth > 0 && downsampleWidth < MIN_DIMENSION)
                || (downsampleHeight > 0 && downsampleHeight < MIN_DIMENSION)) {
            throw new IllegalArgumentException("downsampled size " + downsampleWidth + "x" + downsampleHeight
                    + " must be 0 (the video's own) or " + MIN_DIMENSION + " and more, within the pixel limit");
        }
        this.limits = limits;
        this.secondsPerHash = secondsPerHash;
        this.downsampleWidth = downsampleWidth;
        this.downsampleHeight = downsampleHeight;
    }

    /** One frame per second at the video's own size, within {@link VideoLimits#DEFAULT}. */
    public static VideoHasher defaults() {
        return new VideoHasher(VideoLimits.DEFAULT, 1.0, 0, 0);
    }

    /** This hasher with another interval between hashed frames (0: every frame). */
    public VideoHasher everySeconds(double seconds) {
        return new VideoHasher(limits, seconds, downsampleWidth, downsampleHeight);
    }

    /** This hasher with frames scaled to {@code width x height} before hashing. */
    public VideoHasher downsampledTo(int width, int height) {
        return new VideoHasher(limits, secondsPerHash, width, height);
    }

    public VideoLimits limits() {
        return limits;
    }

    /**
     * Hashes the video in {@code file}.
     *
     * @throws UnreadableInput   the file cannot be read
     * @throws VideoTooLarge     a {@link VideoLimits} bound is exceeded
     * @throws UndecodableVideo  anything else keeps the video from being hashed whole
     */
    public VideoHash hash(Path file) {
        return decode(file, null);
    }

    /**
     * Decodes the frames numbered {@code wanted} (decoding order, from 0, as {@link VpdqFeature}
     * numbers them) of the video in {@code file}, each as packed RGB at this hasher's downsampled
     * size (or the video's own), within the same limits; numbers past the end are left out.
     */
    public VideoFrames frames(Path file, java.util.Set<Long> wanted) {
        java.util.Map<Long, int[]> images = new java.util.TreeMap<>();
        VideoHash shape = decode(file, new FrameSink(java.util.Set.copyOf(wanted), images));
        return new VideoFrames(shape.width(), shape.height(), shape.frameRate(), images);
    }

    /** Where decoded frames go when they are wanted as pictures rather than hashes. */
    private record FrameSink(java.util.Set<Long> wanted, java.util.Map<Long, int[]> images) {}

    private VideoHash decode(Path file, FrameSink sink) {
        long size;
        try {
            if (!Files.isRegularFile(file)) {
                throw new UnreadableInput("not a regular file: " + file, null);
            }
            size = Files.size(file);
        } catch (IOException e) {
            throw new UnreadableInput("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new UndecodableVideo("empty file: " + file);
        }
        if (size > limits.maxBytes()) {
            throw new VideoTooLarge(
                    VideoTooLarge.Limit.BYTES, "video of " + size + " bytes is over the limit of " + limits.maxBytes());
        }
        VideoFormat format = VideoFormat.sniff(file)
                .orElseThrow(() -> new UndecodableVideo("not a video container this decoder opens: " + file));
        try (Decoding decoding = open(file, format, sink)) {
            return decoding.run();
        }
    }

    private Decoding open(Path file, VideoFormat format, FrameSink sink) {
        AVFormatContext container = new AVFormatContext(null);
        AVDictionary options = new AVDictionary(null);
        // Only the local file and only the sniffed container's demuxers: no URL, playlist or script
        // inside the input can make FFmpeg open anything else.
        av_dict_set(options, "protocol_whitelist", "file", 0);
        av_dict_set(options, "format_whitelist", format.demuxers(), 0);
        int status = avformat_open_input(container, "file:" + file.toAbsolutePath(), null, options);
        av_dict_free(options);
        if (status < 0) {
            throw new UndecodableVideo("cannot open " + format + " video (" + describe(status) + ")");
        }
        Decoding decoding = new Decoding(container, sink);
        try {
            decoding.prepare();
            return decoding;
        } catch (RuntimeException e) {
            decoding.close();
            throw e;
        }
    }

    /** One video being decoded: FFmpeg's native state, released by {@link #close()}. */
    private final class Decoding implements AutoCloseable {
        private AVFormatContext container;
        private AVCodecContext codec;
        private AVPacket packet;
        private AVFrame frame;
        private FrameConverter converter;
        private int streamIndex = -1;
        private int width;
        private int height;
        private double frameRate;
        private long frameMod;
        private long decoded;
        private final PdqHasher pdq = new PdqHasher();
        private final List<VpdqFeature> features = new ArrayList<>();

        private final FrameSink sink;

        Decoding(AVFormatContext container, FrameSink sink) {
            this.container = container;
            this.sink = sink;
        }

        void prepare() {
            int status = avformat_find_stream_info(container, (org.bytedeco.javacpp.PointerPointer<?>) null);
            if (status < 0) {
                throw new UndecodableVideo("cannot read the stream information (" + describe(status) + ")");
            }
            AVStream stream = firstVideoStream();
            AVCodecParameters parameters = stream.codecpar();
            width = parameters.width();
            height = parameters.height();
            if (width <= 0 || height <= 0) {
                throw new UndecodableVideo("the video stream declares no frame size");
            }
            if ((long) width * height > limits.maxPixels()) {
                throw new VideoTooLarge(
                        VideoTooLarge.Limit.PIXELS,
                        "frames of " + width + "x" + height + " are over the limit of " + limits.maxPixels()
                                + " pixels");
            }
            frameRate = frameRate(stream);
            checkDeclaredDuration(stream);
            frameMod = Math.max(1, (long) (secondsPerHash * frameRate));
            AVCodec decoder = avcodec_find_decoder(parameters.codec_id());
            if (decoder == null) {
                throw new UndecodableVideo("no decoder for codec "
                        + avcodec_get_name(parameters.codec_id()).getString());
            }
            codec = avcodec_alloc_context3(decoder);
            if (codec == null || avcodec_parameters_to_context(codec, parameters) < 0) {
                throw new UndecodableVideo("cannot set up the " + decoder.name().getString() + " decoder");
            }
            codec.thread_count(1);
            // The decoder itself refuses frames over the limit, whatever the headers said.
            codec.max_pixels(limits.maxPixels());
            status = avcodec_open2(codec, decoder, (AVDictionary) null);
            if (status < 0) {
                throw new UndecodableVideo(
                        "cannot open the " + decoder.name().getString() + " decoder (" + describe(status) + ")");
            }
            int targetWidth = downsampleWidth > 0 ? downsampleWidth : width;
            int targetHeight = downsampleHeight > 0 ? downsampleHeight : height;
            if (targetWidth < MIN_DIMENSION || targetHeight < MIN_DIMENSION) {
                throw new UndecodableVideo("frames of " + targetWidth + "x" + targetHeight + " are too small to hash");
            }
            converter = new FrameConverter(targetWidth, targetHeight);
            packet = av_packet_alloc();
            frame = av_frame_alloc();
        }

        private AVStream firstVideoStream() {
            for (int i = 0; i < container.nb_streams(); i++) {
                AVStream stream = container.streams(i);
                boolean coverArt = (stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
                if (stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO && !coverArt) {
                    streamIndex = i;
                    return stream;
                }
            }
            throw new UndecodableVideo("no video stream");
        }

        private double frameRate(AVStream stream) {
            AVRational rate = stream.avg_frame_rate();
            if (rate.num() <= 0 || rate.den() <= 0) {
                rate = stream.r_frame_rate();
            }
            if (rate.num() <= 0 || rate.den() <= 0) {
                throw new UndecodableVideo("the video stream declares no frame rate");
            }
            return (double) rate.num() / rate.den();
        }

        private void checkDeclaredDuration(AVStream stream) {
            // The container's and the stream's claims may differ; the longer one is the one to refuse.
            double seconds = -1;
            if (container.duration() != AV_NOPTS_VALUE && container.duration() > 0) {
                seconds = (double) container.duration() / AV_TIME_BASE;
            }
            AVRational base = stream.time_base();
            if (stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0 && base.num() > 0 && base.den() > 0) {
                seconds = Math.max(seconds, (double) stream.duration() * base.num() / base.den());
            }
            if (seconds > limits.maxDuration().toMillis() / 1000.0) {
                throw new VideoTooLarge(
                        VideoTooLarge.Limit.DURATION,
                        "video of " + Math.round(seconds) + " s is over the limit of "
                                + limits.maxDuration().toSeconds() + " s");
            }
        }

        VideoHash run() {
            long packets = 0;
            int status;
            while ((status = av_read_frame(container, packet)) >= 0) {
                try {
                    if (++packets > limits.maxPackets()) {
                        throw new VideoTooLarge(
                                VideoTooLarge.Limit.FRAMES, "more than " + limits.maxPackets() + " packets");
                    }
                    if (packet.stream_index() == streamIndex) {
                        send(packet);
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            if (status != AVERROR_EOF) {
                throw new UndecodableVideo(
                        "truncated or corrupt after " + decoded + " frames (" + describe(status) + ")");
            }
            send(null); // drain the frames the decoder still holds
            if (sink != null) {
                if (decoded == 0) {
                    throw new UndecodableVideo("no frame could be decoded");
                }
                return new VideoHash(List.of(), converter.width(), converter.height(), frameRate);
            }
            if (features.isEmpty()) {
                throw new UndecodableVideo("no frame could be decoded");
            }
            return new VideoHash(features, converter.width(), converter.height(), frameRate);
        }

        private void send(AVPacket input) {
            int status = avcodec_send_packet(codec, input);
            if (status < 0 && status != AVERROR_EOF) {
                throw new UndecodableVideo(
                        "corrupt video data after " + decoded + " frames (" + describe(status) + ")");
            }
            while (true) {
                status = avcodec_receive_frame(codec, frame);
                if (status == AVERROR_EAGAIN() || status == AVERROR_EOF) {
                    return;
                }
                if (status < 0) {
                    throw new UndecodableVideo(
                            "corrupt video data after " + decoded + " frames (" + describe(status) + ")");
                }
                try {
                    accept(decoded++);
                } finally {
                    av_frame_unref(frame);
                }
            }
        }

        private void accept(long number) {
            if (decoded > limits.maxFrames()) {
                throw new VideoTooLarge(VideoTooLarge.Limit.FRAMES, "more than " + limits.maxFrames() + " frames");
            }
            double timestamp = number / frameRate;
            if (timestamp > limits.maxDuration().toMillis() / 1000.0) {
                throw new VideoTooLarge(
                        VideoTooLarge.Limit.DURATION,
                        "video runs past the limit of " + limits.maxDuration().toSeconds() + " s");
            }
            if ((long) frame.width() * frame.height() > limits.maxPixels()) {
                throw new VideoTooLarge(
                        VideoTooLarge.Limit.PIXELS,
                        "a frame of " + frame.width() + "x" + frame.height() + " is over the limit of "
                                + limits.maxPixels() + " pixels");
            }
            if (sink != null) {
                if (sink.wanted().contains(number)) {
                    sink.images().put(number, converter.rgb(frame));
                }
                return;
            }
            if (number % frameMod != 0) {
                return;
            }
            float[] luma = converter.luma(frame);
            PdqResult result = pdq.hashLuma(luma, converter.width(), converter.height());
            features.add(new VpdqFeature(number, result.quality(), result.hash(), timestamp));
        }

        @Override
        public void close() {
            if (converter != null) {
                converter.close();
            }
            if (frame != null) {
                av_frame_free(frame);
            }
            if (packet != null) {
                av_packet_free(packet);
            }
            if (codec != null) {
                avcodec_free_context(codec);
            }
            if (container != null) {
                avformat_close_input(container);
                container = null;
            }
        }
    }

    static String describe(int status) {
        try (BytePointer text = new BytePointer(256)) {
            return av_strerror(status, text, 256) == 0 ? text.getString() : "FFmpeg error " + status;
        }
    }
}
