package io.parley.testing;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Tokens as the client's identity provider would sign them (HS256 with the deployment's shared secret). */
public final class TestTokens {

    private TestTokens() {
    }

    /** A token for {@code userId} ({@code sub}) with the given extra claims, valid until {@code expiry}. */
    public static String sign(String userId, Instant expiry, String secret, Map<String, ?> claims) {
        return Jwts.builder()
                .subject(userId)
                .claims(claims)
                .expiration(Date.from(expiry))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }
}
