package io.agentsconformance.server.http;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 connections that take a request line of HTTP/1.2 to 1.9 as HTTP/1.1, as RFC 9110
 * (section 2.5) says a recipient should; Jetty's parser knows only the versions it speaks and
 * answered 505, and the contract allows no 5xx for anything a client sends (spec/README.md,
 * "HTTP"). The version is rewritten in place, in the bytes the parser is about to read, when
 * they hold the whole request line (they do for any client that writes its line at once).
 */
final class LenientVersions extends HttpConnectionFactory {

    private static final Set<HttpParser.State> REQUEST_LINE = EnumSet.of(HttpParser.State.START,
            HttpParser.State.METHOD, HttpParser.State.SPACE1, HttpParser.State.URI, HttpParser.State.SPACE2,
            HttpParser.State.REQUEST_VERSION);
    private static final byte[] HTTP_1_DOT = {'H', 'T', 'T', 'P', '/', '1', '.'};

    LenientVersions(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
            @Override
            protected HttpParser newHttpParser(HttpCompliance compliance) {
                HttpParser standard = super.newHttpParser(compliance);
                HttpParser lenient = new HttpParser((HttpParser.RequestHandler) standard.getHandler(),
                        getHttpConfiguration().getRequestHeaderSize(), compliance) {
                    @Override
                    public boolean parseNext(ByteBuffer buffer) {
                        if (REQUEST_LINE.contains(getState())) {
                            asHttp11(buffer);
                        }
                        return super.parseNext(buffer);
                    }
                };
                lenient.setHeaderCacheSize(standard.getHeaderCacheSize());
                lenient.setHeaderCacheCaseSensitive(standard.isHeaderCacheCaseSensitive());
                return lenient;
            }
        };
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    /** {@code ... HTTP/1.2\r\n} becomes {@code ... HTTP/1.1\r\n} in the first line the buffer holds. */
    static void asHttp11(ByteBuffer buffer) {
        if (buffer.isReadOnly()) {
            return;
        }
        int lineFeed = -1;
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) == '\n') {
                lineFeed = i;
                break;
            }
        }
        if (lineFeed < 0) {
            return;
        }
        int end = lineFeed > buffer.position() && buffer.get(lineFeed - 1) == '\r' ? lineFeed - 1 : lineFeed;
        int version = end - HTTP_1_DOT.length - 1;
        if (version - 1 < buffer.position() || buffer.get(version - 1) != ' ') {
            return;
        }
        for (int i = 0; i < HTTP_1_DOT.length; i++) {
            if (buffer.get(version + i) != HTTP_1_DOT[i]) {
                return;
            }
        }
        byte minor = buffer.get(end - 1);
        if (minor >= '2' && minor <= '9') {
            buffer.put(end - 1, (byte) '1');
        }
    }
}
