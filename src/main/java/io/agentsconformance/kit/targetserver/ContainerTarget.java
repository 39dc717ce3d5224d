package io.agentsconformance.kit.targetserver;

import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.config.KitConfigException;
import io.agentsconformance.kit.standin.StandIns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The target started from a container image on the local Docker engine, with Testcontainers: told
 * through the environment variables the contract names where the stand-ins are, which tokens to
 * accept and where to listen (spec/README.md, "A target started from a container image"), then
 * stopped at the end of the run, its log kept beside the reports.
 *
 * <p>By default it shares the machine's network: it listens on loopback and reaches the stand-ins
 * there, and nothing listens beyond the machine. On the engine's bridge network instead, its port is
 * mapped and the stand-ins are reached through Testcontainers' {@code host.testcontainers.internal}.
 */
public final class ContainerTarget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerTarget.class);

    /** How long the engine may take to answer whether it is there at all. */
    static final Duration ENGINE_CHECK_BOUND = Duration.ofSeconds(30);
    /** The log file beside the reports, named in the report's environment panel. */
    public static final String LOG_FILE = "target-container.log";

    private final GenericContainer<?> container;
    private final ContainerLog log;
    private final URI baseUrl;
    private final String image;

    private ContainerTarget(GenericContainer<?> container, ContainerLog log, URI baseUrl, String image) {
        this.container = container;
        this.log = log;
        this.baseUrl = baseUrl;
        this.image = image;
    }

    /**
     * Why no container can be started here, if none can: no engine answers, or it does not answer
     * in time. Bounded, because Testcontainers retries for minutes where it cannot pull its helper images.
     */
    public static Optional<String> engineProblem() {
        return engineProblem(() -> DockerClientFactory.instance().isDockerAvailable(), ENGINE_CHECK_BOUND);
    }

    static Optional<String> engineProblem(java.util.function.BooleanSupplier available, Duration bound) {
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(available::getAsBoolean,
                runnable -> {
                    Thread thread = new Thread(runnable, "docker-engine-check");
                    thread.setDaemon(true);
                    thread.start();
                });
        try {
            return check.get(bound.toMillis(), TimeUnit.MILLISECONDS) ? Optional.empty()
                    : Optional.of("--target-image (agents.target.image) needs a Docker engine, and none answers"
                            + " (DOCKER_HOST, or /var/run/docker.sock): start one, or start the image yourself and give"
                            + " its URL as --target");
        } catch (TimeoutException e) {
            return Optional.of("the Docker engine did not answer within " + bound.toSeconds() + " s; where no image"
                    + " registry is reachable, set TESTCONTAINERS_RYUK_DISABLED=true and, inside a container,"
                    + " TESTCONTAINERS_HOST_OVERRIDE=localhost (README, \"A target from a container image\")");
        } catch (ExecutionException e) {
            return Optional.of("--target-image (agents.target.image) needs a Docker engine: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking for the Docker engine");
        }
    }

    /**
     * The container's environment: the variables the contract names, then the user's own
     * ({@code agents.target.env}), which win.
     */
    public static Map<String, String> environment(KitConfig config, String modelBaseUrl, int port) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AGENTS_PORT", String.valueOf(port));
        // Host networking shares the machine's interfaces: listen on loopback only. A bridged
        // container's loopback is its own, so it must listen on all of its interfaces.
        env.put("AGENTS_HOST", config.targetNetwork() == KitConfig.TargetNetwork.HOST ? "127.0.0.1" : "0.0.0.0");
        env.put("AGENTS_MODEL_BASE_URL", modelBaseUrl);
        env.put("AGENTS_USERS", "ada:" + config.token() + ",grace:" + config.otherToken());
        env.putAll(config.targetEnv());
        return env;
    }

    /** Starts the image and returns once the engine runs it; readiness is the caller's to await. */
    public static ContainerTarget start(KitConfig config, StandIns standIns) {
        String image = config.targetImage().orElseThrow();
        boolean host = config.targetNetwork() == KitConfig.TargetNetwork.HOST;
        int port = config.targetPort() != 0 ? config.targetPort() : freeLoopbackPort();
        Map<String, String> env = environment(config, standIns.modelBaseUrl(), port);
        ContainerLog log = new ContainerLog(config.reportsDir().resolve(LOG_FILE));
        GenericContainer<?> container;
        try {
            container = new GenericContainer<>(DockerImageName.parse(image));
        } catch (IllegalArgumentException e) {
            log.close();
            throw new KitConfigException("agents.target.image", "'" + image + "' is not an image name: " + e.getMessage());
        }
        container.withEnv(env)
                .withLogConsumer(log)
                // Readiness is the kit's own wait on /api/health (Readiness), the same for every target.
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {
                    }
                })
                .withStartupTimeout(config.startupTimeout());
        if (host) {
            container.withNetworkMode("host");
        } else {
            // The stand-ins stay on loopback: Testcontainers forwards these ports into the engine's
            // network and names the machine host.testcontainers.internal in the container.
            Testcontainers.exposeHostPorts(standIns.port(), standIns.witnessPort());
            container.withExposedPorts(port).withAccessToHost(true);
        }
        LOG.info("Starting image {} ({} network) with {}", image, host ? "host" : "bridge", env.keySet());
        try {
            container.start();
        } catch (RuntimeException e) {
            log.close();
            throw new IllegalStateException("the image " + image + " did not start: " + rootMessage(e)
                    + (log.tail(20).isEmpty() ? "" : "; its log ends with:\n" + log.tail(20)), e);
        }
        URI baseUrl = host ? URI.create("http://127.0.0.1:" + port)
                : URI.create("http://" + container.getHost() + ":" + container.getMappedPort(port));
        LOG.info("Image {} runs as container {}, reached at {}", image, container.getContainerId(), baseUrl);
        return new ContainerTarget(container, log, baseUrl, image);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    /**
     * A port free on loopback now. The container binds it a moment later: another process could take
     * it in between, and the container would then fail to start, saying so in its log.
     */
    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on loopback for the target's container: " + e, e);
        }
    }

    /** Why the target is gone, if its container stopped: Readiness stops waiting then. */
    public Optional<String> gone() {
        if (container.isRunning()) {
            return Optional.empty();
        }
        Long exit = null;
        try {
            exit = container.getCurrentContainerInfo().getState().getExitCodeLong();
        } catch (RuntimeException e) {
            // The reason below still holds.
        }
        return Optional.of("the container of " + image + " stopped" + (exit == null ? "" : " with exit code " + exit)
                + "; its log (" + log.file() + ") ends with:\n" + log.tail(20));
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public String image() {
        return image;
    }

    public ContainerLog log() {
        return log;
    }

    public Path logFile() {
        return log.file();
    }

    @Override
    public void close() {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("could not stop the container of {}: {}", image, e.toString());
        } finally {
            log.close();
        }
    }
}
