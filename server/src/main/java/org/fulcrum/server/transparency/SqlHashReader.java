package org.fulcrum.server.transparency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.tlog.merkle.HashReader;
import org.jdbi.v3.core.Handle;

/** Reads stored hashes of the log from {@code log_hash} in one query, in the order asked. */
final class SqlHashReader implements HashReader {
    private final Handle handle;

    SqlHashReader(Handle handle) {
        this.handle = handle;
    }

    @Override
    public List<byte[]> readHashes(long[] indexes) {
        if (indexes.length == 0) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>(indexes.length);
        for (long i : indexes) {
            ids.add(i);
        }
        Map<Long, byte[]> found = new HashMap<>();
        handle.createQuery("SELECT idx, hash FROM log_hash WHERE idx IN (<ids>)")
                .bindList("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getLong("idx"), rs.getBytes("hash")))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        List<byte[]> out = new ArrayList<>(indexes.length);
        for (long i : indexes) {
            byte[] h = found.get(i);
            if (h == null) {
                throw new IllegalStateException("stored hash " + i + " is missing: the log tables are damaged");
            }
            out.add(h);
        }
        return out;
    }
}
