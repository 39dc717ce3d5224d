package io.agentsconformance.server.http;

import io.agentsconformance.server.engine.Engine;
import io.agentsconformance.server.store.ServerKeys;
import io.agentsconformance.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.agentsconformance.server.Alternative;
import io.agentsconformance.server.ServerConfig;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of spec/openapi.yaml on Javalin. Every answer that is not 2xx is a problem
 * document, including Javalin's own (unknown route, wrong method) and anything unexpected.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private HttpApi() {
    }

    /**
     * The API as the settings say: the users and their tokens, the alternative answers to give
     * instead of the preferred ones (all allowed by the contract), the request body limit
     * (enforced and declared in the health document) and the stream's per-subscriber buffer.
     */
    public static Javalin create(Store store, Engine engine, ServerConfig settings, Draining draining) {
        Set<Alternative> alternatives = settings.alternatives();
        int maxRequestBytes = settings.maxRequestBytes();
        Auth auth = new Auth(settings.usersByToken());
        Lookups lookups = new Lookups(store);
        Paging paging = new Paging(new Cursors(new ServerKeys(store.db()).secret("cursor-signing")));
        AlternativeAnswers alternative = new AlternativeAnswers(alternatives);
        Uploads uploads = new Uploads(settings.maxUploads(), java.time.Duration.ofMillis(settings.uploadTimeoutMs()));
        boolean earlyClose = alternatives.contains(Alternative.EARLY_413_CLOSE);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = maxRequestBytes;
            // Hostile path ids (encoded slashes, dot segments, odd encodings) must reach the routes
            // and get their 404 there. Jetty's stricter modes exist to protect file serving and
            // path-based security constraints; this server has neither, and every id it is given
            // is checked by Lookups before it is used.
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.UNSAFE));
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new LenientVersions(http));
                connector.setHost(settings.host());
                connector.setPort(settings.port());
                return connector;
            });
            config.jetty.modifyServletContextHandler(handler -> {
                // No HTTP sessions: the API is stateless, and Javalin's WebSocket upgrade asks for
                // the session's attributes, which would mint a JSESSIONID on every upgrade attempt.
                handler.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new NoSessions()), "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
                handler.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new MethodOverrideIgnored()), "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
                handler.getServletHandler().setDecodeAmbiguousURIs(true);
                handler.setErrorHandler(new JettyProblems());
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));

            config.routes.before(ctx -> {
                if (!isHealthCheck(ctx)) {
                    draining.enter(ctx);
                }
                JsonBody.limit(ctx, maxRequestBytes, uploads, earlyClose);
                if (JsonBody.rejectOversized(ctx)) {
                    return;
                }
                alternative.beforeAll(ctx);
                // A stream subscription authenticates itself: it may carry ?access_token= instead of a header.
                if (!isHealthCheck(ctx) && !ctx.path().startsWith(StreamRoutes.PREFIX)) {
                    auth.authenticate(ctx);
                }
                alternative.beforeRoute(ctx);
            });
            if (!alternatives.isEmpty()) {
                config.routes.after(alternative::after);
            }
            config.routes.after(draining::exit);
            config.routes.exception(ApiError.class, (error, ctx) -> Problems.write(ctx, error));
            config.routes.exception(HttpResponseException.class, (error, ctx) -> {
                if (error instanceof MethodNotAllowedResponse) {
                    // Javalin lists the methods the path does have as the exception's one detail.
                    error.getDetails().values().stream().findFirst().ifPresent(methods -> ctx.header("Allow", methods));
                }
                Problems.write(ctx, new ApiError(error.getStatus(), describe(error, ctx), List.of()));
            });
            config.routes.exception(Exception.class, (error, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), error);
                Problems.write(ctx, new ApiError(500, "The server failed to handle the request", List.of()));
            });

            new HealthRoutes(store, maxRequestBytes, settings.streamModelAnswers(), draining).register(config.routes);
            new ProjectRoutes(store, lookups).register(config.routes);
            new ProfileRoutes(store, lookups).register(config.routes);
            new WorkflowRoutes(store, lookups).register(config.routes);
            new ContextItemRoutes(store, lookups).register(config.routes);
            new RunRoutes(store, engine, lookups, paging, alternative).register(config.routes);
            new StreamRoutes(store, engine.journal(), auth, alternative, settings.streamBuffer(), draining).register(config.routes);
        });
    }

    private static boolean isHealthCheck(Context ctx) {
        String path = ctx.path().endsWith("/") ? ctx.path().substring(0, ctx.path().length() - 1) : ctx.path();
        return (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD) && HealthRoutes.PATH.equals(path);
    }

    private static String describe(HttpResponseException error, Context ctx) {
        return switch (error.getStatus()) {
            case 404 -> "No such resource: " + ctx.method() + " " + ctx.path();
            case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path();
            case 413 -> ApiError.payloadTooLarge(JsonBody.limit(ctx)).getMessage();
            default -> error.getMessage();
        };
    }
}
