package io.agentsconformance.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two OCI image tarballs Jib builds (profile images), read as files, without an engine: what
 * an engine will run (entrypoint, user, port, environment), what they say of themselves (labels),
 * and that the application's layers lie apart from its dependencies over the local base's one layer.
 */
class ImageTarballIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = System.getProperty("agents.kit.version", "0.1.0-SNAPSHOT");
    static final Path SERVER_IMAGE = Path.of(System.getProperty("agents.images.server",
            "reference-server/target/images/reference-server-image.tar"));
    static final Path KIT_IMAGE = Path.of(System.getProperty("agents.images.kit", "target/kit/images/kit-image.tar"));

    /** A docker-save tarball's manifest and config. */
    record Image(JsonNode manifest, JsonNode config, List<String> entries) {

        static Image read(Path tarball) throws IOException {
            Map<String, byte[]> small = new HashMap<>();
            List<String> entries = new ArrayList<>();
            try (InputStream in = Files.newInputStream(tarball); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    entries.add(entry.getName());
                    if (entry.getName().endsWith(".json")) {
                        small.put(entry.getName(), tar.readAllBytes());
                    }
                }
            }
            JsonNode manifest = JSON.readTree(small.get("manifest.json"));
            JsonNode config = JSON.readTree(small.get(manifest.path(0).path("Config").asText()));
            return new Image(manifest, config, entries);
        }

        JsonNode container() {
            return config.path("config");
        }

        List<String> env() {
            List<String> env = new ArrayList<>();
            container().path("Env").forEach(e -> env.add(e.asText()));
            return env;
        }

        List<String> layerComments() {
            List<String> comments = new ArrayList<>();
            config.path("history").forEach(h -> {
                if (!h.path("empty_layer").asBoolean(false)) {
                    comments.add(h.path("comment").asText(h.path("created_by").asText()));
                }
            });
            return comments;
        }
    }

    private static Image image(Path tarball) throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(tarball), "no image tarball at " + tarball
                + ": the images are built only when their base exists (dev/images/jre-base.sh; .ci/run makes it)");
        return Image.read(tarball);
    }

    @Test
    void theReferenceServerImageRunsItsMainClassAsANonRootUserOnPort8080WithItsOptionsFromTheEnvironment()
            throws IOException {
        Image image = image(SERVER_IMAGE);

        assertThat(image.manifest()).hasSize(1);
        assertThat(image.manifest().path(0).path("RepoTags").path(0).asText())
                .isEqualTo("agents-conformance/reference-server:" + VERSION);
        assertThat(image.container().path("Entrypoint").get(0).asText()).isEqualTo("java");
        assertThat(image.container().path("Entrypoint").toString()).endsWith("\"io.agentsconformance.server.ServerMain\"]");
        assertThat(image.container().path("User").asText()).isEqualTo("1000:1000");
        assertThat(image.container().path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(image.env()).contains("AGENTS_HOST=0.0.0.0", "AGENTS_PORT=8080", "JAVA_HOME=/opt/java");
        assertLabelsAndLayers(image);
    }

    @Test
    void theKitImageRunsTheKitsCommandLineAsANonRootUserWritingItsReportsToAMountedFolder() throws IOException {
        Image image = image(KIT_IMAGE);

        assertThat(image.manifest().path(0).path("RepoTags").path(0).asText()).isEqualTo("agents-conformance/kit:" + VERSION);
        assertThat(image.container().path("Entrypoint").get(0).asText()).isEqualTo("java");
        assertThat(image.container().path("Entrypoint").toString()).endsWith("\"io.agentsconformance.kit.cli.KitCommand\"]");
        assertThat(image.container().path("User").asText()).isEqualTo("1000:1000");
        assertThat(image.container().path("ExposedPorts").has("4010/tcp")).isTrue();
        assertThat(image.env()).contains("AGENTS_REPORTS_DIR=/reports");
        assertThat(image.container().path("Volumes").has("/reports")).isTrue();
        assertLabelsAndLayers(image);
    }

    private static void assertLabelsAndLayers(Image image) {
        JsonNode labels = image.container().path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
        assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("https://");
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isNotBlank();
        assertThat(labels.path("org.opencontainers.image.title").asText()).isNotBlank();

        // One layer of the local base, then Jib's: dependencies, resources and classes apart, so that a
        // change of the application's code leaves the dependencies' layer as it was.
        JsonNode layers = image.manifest().path(0).path("Layers");
        assertThat(layers).hasSize(image.config().path("rootfs").path("diff_ids").size());
        assertThat(image.layerComments()).hasSize(layers.size());
        assertThat(image.layerComments().get(0)).isEqualTo("dev/images/jre-base.sh");
        assertThat(image.layerComments()).containsSubsequence("dependencies", "resources", "classes");
        assertThat(layers.size()).isBetween(4, 6);
        layers.forEach(layer -> assertThat(image.entries()).contains(layer.asText()));
    }
}
