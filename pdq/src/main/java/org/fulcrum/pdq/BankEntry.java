package org.fulcrum.pdq;

import java.util.List;

/**
 * One hash from a bank file, with the line it came from and its metadata columns (the CSV fields
 * after the hash; empty for a plain hex-per-line file).
 */
public record BankEntry(int line, PdqHash hash, List<String> metadata) {
    public BankEntry {
        metadata = List.copyOf(metadata);
    }
}
