package io.agentsconformance.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void defaultsSuitALocalConformanceRun() {
        ServerConfig config = ServerConfig.parse(List.of(), Map.of());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.dataDir()).isEqualTo(java.nio.file.Path.of(ServerConfig.DEFAULT_DATA_DIR));
        assertThat(ServerConfig.parse(List.of("--data-dir", ServerConfig.TEMPORARY_DATA_DIR), Map.of()).dataDir())
                .isNull();
        assertThat(config.modelBaseUrl()).isEqualTo("http://127.0.0.1:4010/v1");
        assertThat(config.usersByToken()).containsEntry("ada-secret-token", "ada")
                .containsEntry("grace-secret-token", "grace");
        assertThat(config.workers()).isEqualTo(64);
        assertThat(config.portFile()).isNull();
        assertThat(config.uploadTimeoutMs()).isEqualTo(10_000);
        assertThat(config.maxUploads()).isEqualTo(64);
    }

    @Test
    void theCommandLineWinsOverTheEnvironment() {
        ServerConfig config = ServerConfig.parse(List.of("--port", "9000", "--users=bob:b0b"),
                Map.of("AGENTS_PORT", "7000", "AGENTS_WORKERS", "8", "AGENTS_PORT_FILE", "/tmp/port"));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.workers()).isEqualTo(8);
        assertThat(config.usersByToken()).isEqualTo(Map.of("b0b", "bob"));
        assertThat(config.portFile()).hasToString("/tmp/port");
    }

    @Test
    void aBadValueNamesTheOptionAndTheFix() {
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--port", "http"), Map.of()))
                .hasMessageContaining("--port").hasMessageContaining("integer from 0 to 65535");
        assertThatThrownBy(() -> ServerConfig.parse(List.of(), Map.of("AGENTS_USERS", "ada")))
                .hasMessageContaining("--users").hasMessageContaining("name:token");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--data-dir", "bad\u0000dir"), Map.of()))
                .hasMessageContaining("--data-dir").hasMessageContaining(ServerConfig.TEMPORARY_DATA_DIR);
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--model-base-url", "localhost:4010"), Map.of()))
                .hasMessageContaining("--model-base-url");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--upload-timeout", "0"), Map.of()))
                .hasMessageContaining("--upload-timeout").hasMessageContaining("integer from 1000 to 600000");
        assertThatThrownBy(() -> ServerConfig.parse(List.of(), Map.of("AGENTS_MAX_UPLOADS", "many")))
                .hasMessageContaining("--max-uploads").hasMessageContaining("AGENTS_MAX_UPLOADS");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--verbose"), Map.of()))
                .hasMessageContaining("unknown option --verbose").hasMessageContaining("--help");
    }

    @Test
    void alternativesAreNoneByDefaultAllOrAListAndAnUnknownOneListsTheNames() {
        ServerConfig defaults = ServerConfig.parse(List.of(), Map.of());
        assertThat(defaults.alternatives()).isEmpty();
        assertThat(defaults.maxRequestBytes()).isEqualTo(1_048_576);

        assertThat(ServerConfig.parse(List.of("--alternatives", "all"), Map.of()).alternatives())
                .containsExactlyInAnyOrder(Alternative.values());
        ServerConfig some = ServerConfig.parse(List.of(), Map.of("AGENTS_ALTERNATIVES", "no-progress-notes, malformed-ids-400",
                "AGENTS_MAX_REQUEST_BYTES", "65536"));
        assertThat(some.alternatives()).containsExactlyInAnyOrder(Alternative.NO_PROGRESS_NOTES, Alternative.MALFORMED_IDS_400);
        assertThat(some.maxRequestBytes()).isEqualTo(65_536);

        assertThatThrownBy(() -> ServerConfig.parse(List.of("--alternatives", "lenient-ids"), Map.of()))
                .hasMessageContaining("lenient-ids").hasMessageContaining("whole-second-timestamps");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--max-request-bytes", "2097152"), Map.of()))
                .hasMessageContaining("--max-request-bytes").hasMessageContaining("65536 to 1048576");
        assertThat(ServerConfig.usage()).contains("--alternatives").contains("refuse-h2c-upgrade");
    }
}
