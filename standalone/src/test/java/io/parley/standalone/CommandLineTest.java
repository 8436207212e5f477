package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar parley.jar} as an operator types it, run as its own JVM: {@code --help} and a mistyped command
 * print the usage and end (they never start a server on the default ports), and {@code token} finds the secret where
 * the server does, or says plainly where it made a new one.
 */
class CommandLineTest {

    @TempDir
    Path workDir;

    record Run(int exitCode, String stdout, String stderr) {
    }

    private Run parley(Path directory, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ParleyStandalone.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("PARLEY_JWT_SECRET");
        builder.environment().remove("PARLEY_DATA_DIR");
        builder.environment().putAll(env);
        Process process = builder.start();
        // a server would run until stopped: ending on its own is the point
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("parley %s ended by itself", List.of(args)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void helpPrintsTheUsageAndEnds() throws Exception {
        for (String help : List.of("--help", "-h", "help")) {
            Run run = parley(workDir, Map.of(), help);
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).contains("usage: java -jar parley.jar", "token <userId>", "infrastructure");
        }
        assertThat(parley(workDir, Map.of(), "--server.port=1", "--help").exitCode()).isZero();
        assertThat(workDir.resolve("data")).as("nothing was started").doesNotExist();
    }

    @Test
    void anUnknownCommandPrintsTheUsageAndFails() throws Exception {
        Run run = parley(workDir, Map.of(), "frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("unknown command or argument: frobnicate", "usage:");
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    @Test
    void tokenSaysWhereItMadeANewSecret() throws Exception {
        Run run = parley(workDir, Map.of(), "token", "alice");
        assertThat(run.exitCode()).isZero();
        Path secret = workDir.resolve("data").resolve(LocalSecret.FILE_NAME).toRealPath();
        assertThat(run.stderr()).contains("created one there", secret.toString(), "--parley.data-dir=");
        assertThat(subject(run.stdout().trim(), Files.readString(secret).trim())).isEqualTo("alice");
    }

    @Test
    void tokenUsesTheDataDirectoryTheServerUses() throws Exception {
        Path serverData = Files.createDirectories(workDir.resolve("server-data"));
        String secret = LocalSecret.readOrCreate(serverData);
        Path elsewhere = Files.createDirectories(workDir.resolve("elsewhere"));

        Run byFlag = parley(elsewhere, Map.of(), "token", "bob", "--parley.data-dir=" + serverData);
        Run byEnvironment = parley(elsewhere, Map.of("PARLEY_DATA_DIR", serverData.toString()), "token", "carol");

        assertThat(byFlag.stderr()).doesNotContain("created");
        assertThat(subject(byFlag.stdout().trim(), secret)).isEqualTo("bob");
        assertThat(subject(byEnvironment.stdout().trim(), secret)).isEqualTo("carol");
        assertThat(elsewhere.resolve("data")).as("no second secret").doesNotExist();
    }

    private static String subject(String token, String secret) {
        return Jwts.parser().verifyWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8))).build()
                .parseSignedClaims(token).getPayload().getSubject();
    }
}
