package org.fulcrum.bench.log;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.transparency.EntryCodec;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The share of a notice's writer work that is the log entry's encoding: what the log's append path
 * does per entry before the row is written — a fresh 32-byte commitment key, the canonical JSON of
 * the public part with the HMAC commitment of the details, and the details as JSON for the secret
 * row — for a {@code notice_received} entry shaped like the intake's. Compare the figure with the
 * writer's CPU per notice that {@code notice.NoticeLoad} prints.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EntryEncodingBenchmark {
    private static final Json JSON = Json.strict();

    private final SecureRandom random = new SecureRandom();
    private long n;

    @Benchmark
    public int noticeEntry() {
        n++;
        Map<String, Object> publicFields = new LinkedHashMap<>();
        publicFields.put("source", "user_report");
        publicFields.put("reason", "illegal_hate_speech");
        publicFields.put("items", 1);
        publicFields.put("newCases", 1);
        publicFields.put("priorityLane", false);
        publicFields.put("art16Complete", true);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("noticeId", "ntc_01m94xecc" + n);
        details.put("submitter", "token:tk_01m94w430ns11g891cf64jmddz");
        details.put("subjects", List.of("post-" + n));
        details.put("reporter", "user:r" + n);
        LogEntry entry = LogEntry.of(
                EntryKind.notice_received,
                Instant.ofEpochMilli(1_800_000_000_000L + n),
                "DE",
                "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
                "received",
                publicFields,
                details,
                "user:r" + n);
        byte[] key = new byte[32];
        random.nextBytes(key);
        return EntryCodec.plain(entry, key).length + JSON.write(entry.details()).length();
    }
}
