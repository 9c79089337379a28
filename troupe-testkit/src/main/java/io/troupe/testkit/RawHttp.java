package io.troupe.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a plain socket, for requests an HTTP client will not send as they are
 * or cannot finish sending: a {@code Content-Length} far over the server's limit with no body, to
 * see the server's answer rather than a broken pipe.
 *
 * @param status      the response's status code
 * @param contentType its {@code Content-Type}, or null
 * @param body        its body as text
 */
public record RawHttp(int status, String contentType, String body) {

    /** Sends {@code head} (request line and headers, without the blank line) and reads the whole answer. */
    public static RawHttp exchange(int port, String head) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0 && !complete(answer); n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                    if (complete(answer)) {
                        break;
                    }
                }
            } catch (SocketException e) {
                // the server may reset the connection after its answer: what was read is the answer
            }
            return parse(answer.toString(StandardCharsets.UTF_8));
        }
    }

    /** Whether the head and as many body bytes as its Content-Length announces have arrived. */
    private static boolean complete(ByteArrayOutputStream answer) {
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        for (String line : text.substring(0, headEnd).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return text.length() - headEnd - 4 >= Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return false;
    }

    private static RawHttp parse(String text) {
        int headEnd = text.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? text : text.substring(0, headEnd);
        String[] lines = head.split("\r\n");
        if (lines.length == 0 || !lines[0].startsWith("HTTP/")) {
            throw new IllegalStateException("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = null;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = lines[i].substring("content-type:".length()).trim();
            }
        }
        return new RawHttp(status, contentType, headEnd < 0 ? "" : text.substring(headEnd + 4));
    }
}
