package org.fulcrum.pdq;

/**
 * The live entries of one crowded hash (many copies of one hash, such as a blank image, under as many
 * ids), by id: a removal finds its copy here in a few reads, in whatever order the copies go, instead
 * of searching the slot tables' crowded bucket, which lists them all. Open addressing on the id with
 * linear probing; an id may be listed more than once (the same pair added twice), and deleting moves
 * later cells of the run back rather than leaving a tombstone, so lookups never slow down as copies
 * leave. Not synchronised; the owning index's writer alone uses it.
 */
final class Crowd {
    private long[] ids;
    /** Position + 1 of the entry in each cell; 0 for an empty cell. */
    private int[] cells;

    private int size;

    Crowd(int expected) {
        int capacity = Integer.highestOneBit(Math.max(8, expected) * 2 - 1) * 2;
        ids = new long[capacity];
        cells = new int[capacity];
    }

    int size() {
        return size;
    }

    void add(long id, int pos) {
        if ((size + 1) * 2 > cells.length) {
            grow();
        }
        int mask = cells.length - 1;
        int h = spread(id) & mask;
        while (cells[h] != 0) {
            h = (h + 1) & mask;
        }
        ids[h] = id;
        cells[h] = pos + 1;
        size++;
    }

    /** Takes one position listed under {@code id} out of the crowd; -1 if none is. */
    int take(long id) {
        int mask = cells.length - 1;
        for (int h = spread(id) & mask; cells[h] != 0; h = (h + 1) & mask) {
            if (ids[h] == id) {
                int pos = cells[h] - 1;
                delete(h);
                return pos;
            }
        }
        return -1;
    }

    /** Empties cell {@code h}, moving back the cells after it that would no longer be found. */
    private void delete(int h) {
        int mask = cells.length - 1;
        int hole = h;
        for (int j = (hole + 1) & mask; cells[j] != 0; j = (j + 1) & mask) {
            int home = spread(ids[j]) & mask;
            // The cell at j stays if its home lies cyclically after the hole and no later than j.
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                ids[hole] = ids[j];
                cells[hole] = cells[j];
                hole = j;
            }
        }
        cells[hole] = 0;
        size--;
        // As copies leave, the table shrinks with them: a crowd of 80,000 down to a few holds a few cells.
        if (cells.length > 16 && size * 8 < cells.length) {
            resize(cells.length / 2);
        }
    }

    private void grow() {
        resize(cells.length * 2);
    }

    private void resize(int capacity) {
        long[] oldIds = ids;
        int[] oldCells = cells;
        ids = new long[capacity];
        cells = new int[capacity];
        size = 0;
        for (int i = 0; i < oldCells.length; i++) {
            if (oldCells[i] != 0) {
                add(oldIds[i], oldCells[i] - 1);
            }
        }
    }

    private static int spread(long id) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32);
    }

    long bytesUsed() {
        return ids.length * 8L + cells.length * 4L;
    }
}
