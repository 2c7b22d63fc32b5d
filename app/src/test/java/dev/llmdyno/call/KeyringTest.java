package dev.llmdyno.call;

import dev.llmdyno.RealTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys in a real Secret Service: GNOME Keyring on a session bus of the test's own, through libsecret's secret-tool,
 * as the desktop stores them and as calls read them back.
 */
class KeyringTest {

    @TempDir
    static Path home;
    private static Process bus;
    private static Keyring keyring;

    @BeforeAll
    static void startAKeyring() throws Exception {
        var install = "apt-get install libsecret-tools gnome-keyring dbus";
        RealTools.program("secret-tool", install);
        var daemon = RealTools.program("gnome-keyring-daemon", install);
        var dbus = RealTools.program("dbus-daemon", install);
        Files.createDirectories(home.resolve("run"));
        bus = new ProcessBuilder(dbus.toString(), "--session", "--nofork", "--print-address=1",
                "--address=unix:path=" + home.resolve("bus")).start();
        var address = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8)).readLine();
        var environment = Map.of("DBUS_SESSION_BUS_ADDRESS", address, "HOME", home.toString(),
                "XDG_DATA_HOME", home.resolve("data").toString(), "XDG_RUNTIME_DIR", home.resolve("run").toString());
        var unlock = new ProcessBuilder(daemon.toString(), "--unlock", "--components=secrets");
        unlock.environment().putAll(environment);
        var started = unlock.start();
        try (var stdin = started.getOutputStream()) {
            stdin.write("keyring-password".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(started.waitFor()).isZero();
        keyring = new Keyring(environment);
    }

    @AfterAll
    static void stopTheBus() {
        if (bus != null) {
            bus.destroy(); // the keyring daemon leaves with its session bus
        }
    }

    @Test
    void aStoredKeyIsReadBackByACallsReferenceAndIsInNoFileInTheClear() throws Exception {
        keyring.store("openai-work", "sk-test-first");
        keyring.store("openai-work", "sk-test-0123456789");
        var secrets = new SecretResolver(name -> null, keyring);
        assertThat(secrets.resolve("keyring:openai-work")).isEqualTo("sk-test-0123456789");
        try (var files = Files.walk(home)) {
            for (var file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain("sk-test-0123456789");
            }
        }
    }

    @Test
    void aMissingKeyNamesTheReference() {
        var secrets = new SecretResolver(name -> null, keyring);
        assertThatThrownBy(() -> secrets.resolve("keyring:nobody")).hasMessage(
                "the keyring has no secret 'nobody' (endpoint.apiKeyRef keyring:nobody)");
    }

    @Test
    void withoutSecretToolTheMessageSaysWhatToDoInstead() {
        var none = new Keyring(home.resolve("no-such-dir/secret-tool").toString(), Map.of());
        assertThatThrownBy(() -> none.store("x", "sk-x")).isInstanceOf(Keyring.KeyringException.class)
                .hasMessageContaining("secret-tool (libsecret-tools) is not installed")
                .hasMessageContaining("use env:NAME instead");
        assertThat(none.lookup("x")).isNull();
    }

    @Test
    void endpointNamesBecomeKeyringNames() {
        assertThat(List.of(Keyring.nameFor("OpenAI (work)"), Keyring.nameFor("vLLM · gpu-box"), Keyring.nameFor("42")))
                .containsExactly("openai-work", "vllm-gpu-box", "endpoint-42");
    }
}
