package io.troupe.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Local TCP ports. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port that was free a moment ago (the OS chose it). */
    public static int any() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code preferred} if nothing listens on it (on any address), else any free port. */
    public static int preferred(int preferred) {
        // The wildcard address: services listen on all interfaces, which a loopback bind would miss.
        try (ServerSocket socket = new ServerSocket(preferred, 1)) {
            socket.setReuseAddress(true);
            return preferred;
        } catch (IOException e) {
            return any();
        }
    }

    public static boolean isFree(int port) {
        return preferred(port) == port;
    }
}
