package org.fulcrum.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The one JSON configuration: what it shares between the threads that use it. */
class JsonTest {
    @Test
    void parsersAndGeneratorsOnVirtualThreadsReuseTheSameBuffers() throws Exception {
        Json json = Json.strict();
        AtomicReference<BufferRecycler> first = new AtomicReference<>();
        AtomicReference<BufferRecycler> second = new AtomicReference<>();
        Thread.ofVirtual().start(() -> first.set(recyclerOf(json))).join();
        Thread.ofVirtual().start(() -> second.set(recyclerOf(json))).join();
        // Each request runs on a fresh virtual thread: a per-thread pool would give each a new recycler.
        assertThat(second.get()).isSameAs(first.get());
        assertThat(json.write(Map.of("a", 1))).isEqualTo("{\"a\":1}");
    }

    private static BufferRecycler recyclerOf(Json json) {
        // What a parser or generator does: take a recycler from the pool, then give it back.
        BufferRecycler r = json.mapper().getFactory()._getRecyclerPool().acquireAndLinkPooled();
        r.releaseToPool();
        return r;
    }
}
