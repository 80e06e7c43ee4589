package org.fulcrum.server.review;

import java.util.List;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/** Copies of bound JSON lists that name the field when the list is too long or holds a null. */
final class Lists {
    private Lists() {}

    static <T> List<T> copy(String field, List<T> list, int max) {
        if (list.size() > max) {
            throw new InvalidInput(field, "must have at most " + max + " entries");
        }
        for (T t : list) {
            if (t == null) {
                throw new InvalidInput(field, "must not contain null");
            }
        }
        return List.copyOf(list);
    }
}
