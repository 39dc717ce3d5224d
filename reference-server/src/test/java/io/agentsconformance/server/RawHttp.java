package io.agentsconformance.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP on a bare socket, for what java.net.http will not send: other request lines, a
 * Content-Length that is not the body's, Expect, bodies that are not UTF-8.
 */
final class RawHttp {

    /** What came back before the server closed the connection or {@code within} passed. */
    record Answer(String text, boolean timedOut, Duration took) {

        int status() {
            return text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        String body() {
            int blank = text.indexOf("\r\n\r\n");
            return blank < 0 ? "" : text.substring(blank + 4);
        }
    }

    private RawHttp() {
    }

    static Answer exchange(int port, byte[] request, Duration within) {
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) within.toMillis());
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean timedOut = false;
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
                    received.write(chunk, 0, read);
                }
            } catch (SocketTimeoutException quiet) {
                timedOut = true;
            } catch (IOException reset) {
                // what was received before a reset is the answer
            }
            return new Answer(received.toString(StandardCharsets.UTF_8), timedOut,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request with these headers (CRLF-separated lines, no trailing CRLF) and body, closing after. */
    static byte[] request(String method, String path, String headers, byte[] body) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (headers.isEmpty() ? "" : headers + "\r\n")
                + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return start;
        }
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
