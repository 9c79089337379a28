package io.troupe.workspace.testrun;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the last {@code limit} bytes written to it: the end of a test run's output is what explains it. */
public final class OutputTail extends OutputStream {
    private final byte[] ring;
    private long total;

    public OutputTail(int limit) {
        this.ring = new byte[limit];
    }

    @Override
    public synchronized void write(int b) {
        if (ring.length > 0) {
            ring[(int) (total % ring.length)] = (byte) b;
        }
        total++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            write(b[off + i]);
        }
    }

    @Override
    public synchronized String toString() {
        int kept = (int) Math.min(total, ring.length);
        byte[] tail = new byte[kept];
        int start = (int) ((total - kept) % Math.max(ring.length, 1));
        for (int i = 0; i < kept; i++) {
            tail[i] = ring[(start + i) % ring.length];
        }
        String text = new String(tail, StandardCharsets.UTF_8);
        long dropped = total - kept;
        return dropped == 0 ? text : "[" + dropped + " earlier bytes of output dropped]\n" + text;
    }
}
