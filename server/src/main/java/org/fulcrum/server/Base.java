package org.fulcrum.server;

import java.time.Clock;
import java.util.function.Supplier;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.review.MediaProxy;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Metrics;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.RateLimiter;

/**
 * What every module is given besides the modules it depends on: the configuration, the clock, the
 * one JSON configuration, the metrics registry, the web helpers features share (bodies, pages, the rate limiter), the media
 * proxy that fetches a platform's media, and the public URL — a supplier, since with port 0 it is
 * known only once the listener is bound, after every module was built.
 */
public record Base(
        Config config,
        Clock clock,
        Json json,
        Metrics metrics,
        Bodies bodies,
        Pages pages,
        RateLimiter limiter,
        MediaProxy media,
        Supplier<String> publicUrl) {}
