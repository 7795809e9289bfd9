package io.npsloop.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorServersTest {

    @Test
    void fauxqsStopsItsProcessOnClose() throws Exception {
        FauxqsServer server = FauxqsServer.start();
        ProcessHandle process = server.process();
        assertThat(Ports.accepts(server.port())).isTrue();
        assertThat(Files.readString(server.log())).contains("fauxqs listening on 127.0.0.1:" + server.port());

        server.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(Ports.accepts(server.port())).isFalse();
    }

    @Test
    void fauxqsOnAGivenPort() {
        int port = Ports.free();
        try (FauxqsServer server = FauxqsServer.start(port)) {
            assertThat(server.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
        }
    }

    @Test
    void missingInstallNamesTheCommandThatFixesIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("fauxqs.mjs"), "");
        System.setProperty(FauxqsServer.DIR_PROPERTY, dir.toString());
        try {
            assertThatThrownBy(FauxqsServer::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("npm ci --prefix local/emulators");
        } finally {
            System.clearProperty(FauxqsServer.DIR_PROPERTY);
        }
    }

    @Test
    void findsTheEmulatorsDirectoryFromTheWorkingDirectory() {
        assertThat(FauxqsServer.emulatorsDirectory().resolve("fauxqs.mjs")).isRegularFile();
    }

    @Test
    void dynamoDbLocalServesOnItsEndpointUntilClosed() {
        DynamoDbLocalServer server = DynamoDbLocalServer.start();
        int port = server.endpoint().getPort();
        assertThat(Ports.accepts(port)).isTrue();

        server.close();

        assertThat(Ports.accepts(port)).isFalse();
    }
}
