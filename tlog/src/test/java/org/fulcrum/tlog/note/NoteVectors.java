package org.fulcrum.tlog.note;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.tlog.SharedData;

/** The sections of tlog/signed-note-vectors.txt: keys, exact note bytes, and the other lines. */
public final class NoteVectors {

    /** One "## N." section. */
    public record Section(List<String> skeys, List<String> vkeys, String note, List<String> lines) {}

    private NoteVectors() {}

    /** Sections by their number ("1", "2", ...). */
    public static Map<String, Section> read() {
        Map<String, Section> sections = new LinkedHashMap<>();
        String[] parts = SharedData.read("tlog/signed-note-vectors.txt").split("\n## ");
        for (int i = 1; i < parts.length; i++) {
            String number = parts[i].substring(0, parts[i].indexOf('.'));
            sections.put(number, section(parts[i]));
        }
        return sections;
    }

    private static Section section(String body) {
        List<String> skeys = new ArrayList<>();
        List<String> vkeys = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        String note = null;
        int start = body.indexOf("\n----- note");
        if (start >= 0) {
            int from = body.indexOf('\n', start + 1) + 1;
            int to = body.indexOf("----- end -----", from);
            note = body.substring(from, to);
            body = body.substring(0, start) + "\n" + body.substring(to + "----- end -----".length());
        }
        for (String line : body.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("skey: ")) {
                skeys.add(trimmed.substring(6));
            } else if (trimmed.startsWith("vkey: ")) {
                vkeys.add(trimmed.substring(6));
            } else {
                lines.add(line);
            }
        }
        return new Section(skeys, vkeys, note, lines);
    }
}
