package io.agentsconformance.kit.standin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tool that takes a call and never answers it, and sees when its caller hangs up. A black box
 * shows that it aborted a request (spec/llm-and-tools.md, "Cancellation": the connection is
 * closed) only to whoever holds the other end of that connection; WireMock parks a held answer
 * without reading the socket, so it cannot tell. This reads it: a request's connection is closed
 * when a read returns end of stream (or the connection is reset).
 *
 * <p>It speaks just enough HTTP/1.1 to take a POST with a {@code Content-Length} body. A
 * connection nobody closes is given up after {@code giveUpAfter}, so the suite always ends.
 */
public final class ConnectionWitness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWitness.class);
    private static final int MAX_HEAD = 64 * 1024;

    /** One call the witness holds: when it arrived, and when its caller closed the connection. */
    public static final class Held {
        private final String runId;
        private final String path;
        private final Instant arrived;
        private final AtomicReference<Instant> closed = new AtomicReference<>();
        private final AtomicReference<String> how = new AtomicReference<>("still open");

        Held(String runId, String path, Instant arrived) {
            this.runId = runId;
            this.path = path;
            this.arrived = arrived;
        }

        public String runId() {
            return runId;
        }

        public String path() {
            return path;
        }

        public Instant arrived() {
            return arrived;
        }

        /** When the caller closed the connection; null while it is open (or when the witness gave up). */
        public Instant closed() {
            return closed.get();
        }

        public String describe() {
            return "POST " + path + " of run " + runId + ", arrived " + arrived + ", " + how.get();
        }
    }

    private final ServerSocket server;
    private final Duration giveUpAfter;
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    private ConnectionWitness(ServerSocket server, Duration giveUpAfter) {
        this.server = server;
        this.giveUpAfter = giveUpAfter;
    }

    /** Listens on {@code bindAddress}:{@code port} (0: any free port). */
    public static ConnectionWitness start(String bindAddress, int port, Duration giveUpAfter) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
            ConnectionWitness witness = new ConnectionWitness(server, giveUpAfter);
            Thread acceptor = new Thread(witness::accept, "connection-witness");
            acceptor.setDaemon(true);
            acceptor.start();
            return witness;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for the connection witness on " + bindAddress + ":" + port
                    + " (agents.standin.witness-port): " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The calls held for {@code runId}, oldest first. */
    public List<Held> heldFor(String runId) {
        return held.stream().filter(h -> runId.equals(h.runId())).toList();
    }

    private void accept() {
        while (!closing) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread reader = new Thread(() -> hold(socket), "connection-witness-" + socket.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("connection witness stopped accepting: {}", e.toString());
                }
                return;
            }
        }
    }

    private void hold(Socket socket) {
        Held call = null;
        try (socket) {
            socket.setSoTimeout((int) giveUpAfter.toMillis());
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String runId = header(head, "x-agents-run-id");
            String[] requestLine = head.split("\r\n", 2)[0].split(" ");
            call = new Held(runId == null ? "(no run id)" : runId, requestLine.length > 1 ? requestLine[1] : "?",
                    Instant.now());
            String length = header(head, "content-length");
            in.readNBytes(length == null ? 0 : Integer.parseInt(length.trim()));
            held.add(call);
            // Never answer: wait for the caller to give up on us.
            while (in.read() >= 0) {
                // A client has nothing more to send on this connection; whatever comes is ignored.
            }
            closedNow(call, "closed by the caller");
        } catch (SocketTimeoutException e) {
            if (call != null) {
                call.how.set("still open after " + giveUpAfter.toSeconds() + " s, when the witness gave up");
            }
        } catch (IOException | RuntimeException e) {
            if (call != null && !closing) {
                closedNow(call, "reset by the caller (" + e.getMessage() + ")");
            }
        } finally {
            open.remove(socket);
        }
    }

    private static void closedNow(Held call, String how) {
        if (call.closed.compareAndSet(null, Instant.now())) {
            call.how.set(how + " at " + call.closed.get());
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD) {
                throw new IOException("no complete request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the connection witness: {}", e.toString());
        }
        open.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        });
    }
}
