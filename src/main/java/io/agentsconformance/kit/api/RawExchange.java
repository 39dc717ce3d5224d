package io.agentsconformance.kit.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP exchange on a socket of its own, for what an HTTP client will not send: another request
 * line, a Content-Length that is not the body's. It reads the first answer (its status line,
 * headers and Content-Length body) and no further: a server may keep the connection open after
 * answering, waiting for a body that will never come. Bounded by the kit's HTTP timeout.
 */
public final class RawExchange {

    /**
     * What came back: the first answer's text (status line, headers, body), or none if the server
     * closed the connection, or reset it, without one; whether the timeout passed first; how long it took.
     */
    public record Answer(Optional<String> text, boolean timedOut, Duration took, String sent) {

        /** The first answer's status code, or -1 without one. */
        public int status() {
            return text.filter(t -> t.startsWith("HTTP/") && t.length() >= 12 && t.charAt(8) == ' ')
                    .map(t -> Integer.parseInt(t.substring(9, 12))).orElse(-1);
        }

        public String statusLine() {
            return text.map(t -> t.contains("\r\n") ? t.substring(0, t.indexOf("\r\n")) : t).orElse("");
        }

        public String body() {
            return text.map(t -> t.contains("\r\n\r\n") ? t.substring(t.indexOf("\r\n\r\n") + 4) : "").orElse("");
        }

        /** The exchange as the report shows it. */
        public String describe() {
            return "sent:\n" + sent + "\nreceived after " + took.toMillis() + " ms"
                    + (timedOut ? " (then nothing more until the timeout)" : "") + ":\n"
                    + text.orElse("(nothing: the connection was closed without an answer)");
        }
    }

    private RawExchange() {
    }

    /**
     * Sends {@code head} (request line and headers, CRLF-terminated, without the blank line) and a
     * blank line to the target at {@code baseUrl}, and reads the first answer.
     */
    public static Answer exchange(URI baseUrl, String head, Duration timeout) {
        String sent = head + "\r\n";
        long start = System.nanoTime();
        boolean tls = "https".equalsIgnoreCase(baseUrl.getScheme()) || "wss".equalsIgnoreCase(baseUrl.getScheme());
        int port = baseUrl.getPort() > 0 ? baseUrl.getPort() : tls ? 443 : 80;
        try (Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(baseUrl.getHost(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(sent.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean timedOut = false;
            try {
                readAnswer(socket.getInputStream(), received, System.nanoTime() + timeout.toNanos(), socket);
            } catch (SocketTimeoutException quiet) {
                timedOut = true;
            } catch (IOException reset) {
                // what arrived before a reset is the answer, if anything did
            }
            String text = received.toString(StandardCharsets.UTF_8);
            return new Answer(text.isEmpty() ? Optional.empty() : Optional.of(text), timedOut,
                    Duration.ofNanos(System.nanoTime() - start), sent);
        } catch (IOException unreachable) {
            return new Answer(Optional.of("(could not connect: " + unreachable + ")"), false,
                    Duration.ofNanos(System.nanoTime() - start), sent);
        }
    }

    /** The base URL's path prefix, so that a target served under one is asked at the right place. */
    public static String prefix(URI baseUrl) {
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Header block, then as much body as Content-Length says; interim (1xx) answers are kept and skipped. */
    private static void readAnswer(InputStream in, ByteArrayOutputStream received, long deadline, Socket socket)
            throws IOException {
        while (true) {
            int headerEnd = -1;
            while (headerEnd < 0) {
                int b = in.read();
                if (b == -1) {
                    return;
                }
                received.write(b);
                headerEnd = endOfHeaders(received.toByteArray());
                remaining(deadline, socket);
            }
            String all = received.toString(StandardCharsets.ISO_8859_1);
            String block = all.substring(all.lastIndexOf("HTTP/"));
            if (block.length() > 12 && block.charAt(9) == '1') {
                continue; // 100 Continue and the like: the final answer follows
            }
            if (block.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
                readChunks(in, received, deadline, socket);
                return;
            }
            long length = contentLength(block);
            for (long read = 0; read < length; read++) {
                int b = in.read();
                if (b == -1) {
                    return;
                }
                received.write(b);
                remaining(deadline, socket);
            }
            return;
        }
    }

    /** A chunked body, kept as it came (sizes included), up to its last chunk. */
    private static void readChunks(InputStream in, ByteArrayOutputStream received, long deadline, Socket socket)
            throws IOException {
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    return;
                }
                received.write(b);
                size.append((char) b);
                remaining(deadline, socket);
            }
            received.write('\n');
            String hex = size.toString().trim();
            int semicolon = hex.indexOf(';');
            long length = Long.parseLong(semicolon < 0 ? hex : hex.substring(0, semicolon), 16);
            for (long read = 0; read < length + 2; read++) { // the chunk and its CRLF
                int b = in.read();
                if (b == -1) {
                    return;
                }
                received.write(b);
                remaining(deadline, socket);
            }
            if (length == 0) {
                return;
            }
        }
    }

    private static void remaining(long deadline, Socket socket) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("the answer did not arrive in full within the timeout");
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
    }

    private static int endOfHeaders(byte[] bytes) {
        int n = bytes.length;
        return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n'
                ? n : -1;
    }

    private static long contentLength(String block) {
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Math.min(Long.parseLong(line.substring(colon + 1).trim()), 1_048_576);
                } catch (NumberFormatException unreadable) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
