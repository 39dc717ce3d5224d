package io.agentsconformance.kit.targetserver;

import java.net.URI;

/**
 * The server under test, as the kit reaches it.
 *
 * @param name      how reports name it
 * @param baseUrl   REST base, e.g. http://127.0.0.1:8080 (paths start with /api)
 * @param streamUrl WebSocket base, e.g. ws://127.0.0.1:8080
 */
public record Target(String name, URI baseUrl, URI streamUrl) {

    /** The stream URL a target offers by default: same host and port, ws(s) scheme. */
    public static URI streamUrlFor(URI baseUrl) {
        String scheme = "https".equals(baseUrl.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + baseUrl.getRawAuthority() + (baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath()));
    }
}
