package io.parley.standalone;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.parley.kernel.Text;
import io.parley.kernel.error.ParleyException;
import io.parley.support.web.OpenRoute;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo mode of {@code java -jar parley.jar --demo}: {@code POST /api/demo/token {name}} hands anyone a token for
 * the user that name stands for, without a password, so the chat page at {@code /} can sign in by name. It exists
 * only when the standalone is started with {@code --demo} ({@code parley.demo.enabled=true}); the service jars do
 * not have it at all. Never run a deployment that real people use in demo mode.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.demo.enabled", havingValue = "true")
class DemoMode {

    private static final Logger log = LoggerFactory.getLogger(DemoMode.class);
    static final String TOKEN_ROUTE = "/api/demo/token";
    private static final int MAX_NAME = 64;

    record TokenRequest(String name) {
    }

    record DemoToken(String token, String userId, String name, Instant expiresAt) {
    }

    @Bean
    OpenRoute demoTokenRoute() {
        return new OpenRoute("POST", TOKEN_ROUTE);
    }

    @RestController
    static class DemoTokenController {

        private final byte[] secret;
        private final Duration ttl;

        DemoTokenController(
                @Value("${parley.jwt.secret:}") String secret,
                @Value("${parley.demo.token-ttl:PT12H}") Duration ttl) {
            if (secret.isBlank()) {
                throw new IllegalStateException("demo mode signs tokens itself and needs an HS256 secret "
                        + "(the standalone's own, or PARLEY_JWT_SECRET); it cannot run with an RS256 public key");
            }
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
            this.ttl = ttl;
            log.warn("DEMO MODE: {} hands out a token for any name, without a password. "
                    + "Never use it where strangers can reach it.", TOKEN_ROUTE);
        }

        @PostMapping(TOKEN_ROUTE)
        DemoToken token(@RequestBody TokenRequest request) {
            String name = request == null || request.name() == null ? "" : Text.trim(request.name());
            if (name.isEmpty() || Text.length(name) > MAX_NAME) {
                throw ParleyException.validation("name must be 1-" + MAX_NAME + " characters");
            }
            String userId = userIdOf(name);
            if (userId.isEmpty()) {
                throw ParleyException.validation("name needs at least one letter or digit");
            }
            Instant now = Instant.now();
            Instant expiresAt = now.plus(ttl);
            String token = Jwts.builder()
                    .subject(userId)
                    .claim("name", name)
                    .issuedAt(Date.from(now))
                    .expiration(Date.from(expiresAt))
                    .signWith(Keys.hmacShaKeyFor(secret), Jwts.SIG.HS256)
                    .compact();
            return new DemoToken(token, userId, name, expiresAt);
        }

        /** "Alice Smith" is alice-smith: one name, one user, whoever types it. */
        static String userIdOf(String name) {
            String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._@-]+", "-").replaceAll("^-+|-+$", "");
            return id.length() > MAX_NAME ? id.substring(0, MAX_NAME) : id;
        }
    }
}
