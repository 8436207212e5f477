package io.parley.standalone;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.parley.kernel.UserIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;

/**
 * {@code token <userId> [--name NAME] [--admin] [--ttl 24h] [--data-dir data]}: prints an HS256 token for that
 * user, signed with {@code PARLEY_JWT_SECRET} or else the standalone's own secret, as a stand-in for the
 * identity provider a real deployment has.
 */
final class TokenCommand {

    private static final String USAGE =
            "usage: java -jar parley.jar token <userId> [--name NAME] [--admin] [--ttl 24h] [--data-dir DIR]\n"
                    + "The secret is PARLEY_JWT_SECRET when set, else <data dir>/jwt-secret, the data directory being\n"
                    + "--data-dir (or --parley.data-dir=DIR), else PARLEY_DATA_DIR, else ./data: as the server finds it.";

    private static final String DATA_DIR_PROPERTY = "--parley.data-dir=";

    private TokenCommand() {
    }

    static int run(String[] args) {
        if (args.length > 0 && List.of("--help", "-h", "help").contains(args[0])) {
            System.out.println(USAGE);
            return 0;
        }
        if (args.length == 0 || !UserIds.isValid(args[0])) {
            System.err.println(USAGE);
            System.err.println("userId: 1-128 characters of A-Za-z0-9._:@-");
            return 2;
        }
        String name = null;
        List<String> roles = List.of();
        Duration ttl = Duration.ofHours(24);
        String dataDirEnv = System.getenv("PARLEY_DATA_DIR");
        Path dataDir = Path.of(dataDirEnv == null || dataDirEnv.isBlank() ? "data" : dataDirEnv);
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--name" -> name = args[++i];
                    case "--admin" -> roles = List.of("admin");
                    case "--ttl" -> ttl = Duration.parse("PT" + args[++i].toUpperCase());
                    case "--data-dir" -> dataDir = Path.of(args[++i]);
                    default -> {
                        if (!args[i].startsWith(DATA_DIR_PROPERTY)) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        dataDir = Path.of(args[i].substring(DATA_DIR_PROPERTY.length()));
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException | DateTimeParseException e) {
            System.err.println(USAGE);
            return 2;
        }
        String secret = System.getenv("PARLEY_JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            Path file = dataDir.toAbsolutePath().normalize().resolve(LocalSecret.FILE_NAME);
            if (!Files.exists(file)) {
                // a new secret signs tokens no server started elsewhere accepts: say plainly where it went
                System.err.println("no secret in " + file + " yet: created one there. A Parley started with "
                        + "--parley.data-dir=" + file.getParent() + " (or PARLEY_DATA_DIR) accepts this token; "
                        + "one using another data directory does not.");
            }
            secret = LocalSecret.readOrCreate(file.getParent());
        }
        Instant now = Instant.now();
        var token = Jwts.builder()
                .subject(args[0])
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(ttl)))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256);
        if (name != null) {
            token.claim("name", name);
        }
        if (!roles.isEmpty()) {
            token.claim("roles", roles);
        }
        System.out.println(token.compact());
        return 0;
    }
}
