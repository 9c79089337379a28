package io.troupe.workspace.testrun;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Keeps the last {@code limit} bytes written to it: the end of a test run's output is what explains it. */
public final class OutputTail extends OutputStream {
    private final byte[] ring;
    private long total;

    public OutputTail(int limit) {
        this.ring = new byte[limit];
    }

    /**
     * The tail of a file, as if all of it had been written here: only its last {@code limit}
     * bytes are read (a runaway test can leave tens of MiB), the ones before count as dropped.
     */
    public static String ofFile(Path file, int limit) throws IOException {
        OutputTail tail = new OutputTail(limit);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long skipped = Math.max(0, channel.size() - limit);
            // Every slot of the ring is written again by the limit bytes that follow.
            tail.total = skipped;
            channel.position(skipped);
            Channels.newInputStream(channel).transferTo(tail);
        }
        return tail.toString();
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
