import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor of the Gatling benchmark: the reference server's own HTTP and WebSocket stack
 * (Javalin, from the reference server's jar) doing nothing but answer, in a process of its own
 * like the server under test. {@code GET /floor} answers a small JSON body; {@code /echo} sends
 * every text frame back. Run from source, not built by Maven:
 * {@code java -cp reference-server.jar FloorServer.java <port-file>}.
 */
public class FloorServer {
    public static void main(String[] args) throws Exception {
        Path portFile = Path.of(args[0]);
        Javalin floor = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/floor", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
            config.routes.ws("/echo", ws -> ws.onMessage(ctx -> ctx.send(ctx.message())));
        }).start("127.0.0.1", 0);
        Path partial = Files.createTempFile(portFile.toAbsolutePath().getParent(), "floor", ".port");
        Files.writeString(partial, Integer.toString(floor.port()));
        // Renamed into place so the reader never sees a half-written port.
        Files.move(partial, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
