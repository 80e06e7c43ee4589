/**
 * Video PDQ (vPDQ): a video decoded by FFmpeg, a PDQ hash for each sampled frame with its number,
 * quality and timestamp, and the comparison of two such frame lists by the share of frames each
 * finds in the other. Decoding is bounded by {@link org.fulcrum.vpdq.VideoLimits}; every failure is
 * a {@link org.fulcrum.pdq.PdqException} subclass, so callers map video and image failures alike.
 */
package org.fulcrum.vpdq;
