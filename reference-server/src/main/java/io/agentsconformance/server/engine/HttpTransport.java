package io.agentsconformance.server.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client behind both the model client and the tool client: connection pool,
 * the {@link RunGate}, and our retry policy instead of OkHttp's.
 */
final class HttpTransport {

    private HttpTransport() {
    }

    static OkHttpClient create(Interceptor runGate) {
        return new OkHttpClient.Builder()
                .addInterceptor(runGate)
                .socketFactory(new NoDelaySockets())
                // Every attempt is a step and retries follow the node's policy: OkHttp must not retry.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    static void close(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /**
     * Sockets with Nagle's algorithm off. OkHttp writes a request body in 8 KiB segments; with
     * Nagle on, every segment after the first waits for an ACK that the receiver delays by up to
     * 40 ms, which made each model request with a long conversation 40 ms slower.
     */
    private static final class NoDelaySockets extends SocketFactory {

        private final SocketFactory plain = SocketFactory.getDefault();

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(plain.createSocket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
