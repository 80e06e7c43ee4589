package org.fulcrum.archfixture.server.review;

import org.fulcrum.archfixture.server.detect.Scanner;

/** A feature using another that uses it back: with {@code detect.Scanner}, a cycle. */
public record Case(String id) {
    public boolean scanned(Scanner scanner) {
        return scanner.scan(this);
    }
}
