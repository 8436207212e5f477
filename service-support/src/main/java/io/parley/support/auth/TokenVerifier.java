package io.parley.support.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SecurityException;
import io.parley.kernel.UserIds;
import io.parley.kernel.auth.Caller;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;

/**
 * Verifies a bearer token: signature (HS256 with a shared secret, or RS256 with the identity provider's public
 * key), a required {@code exp}, {@code iss} and {@code aud} when configured, and a well-formed {@code sub}.
 */
public final class TokenVerifier {

    /** HS256 needs a key of at least 256 bits; API.md asks for a secret of at least 32 bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    private final io.jsonwebtoken.JwtParser parser;
    private final Duration clockSkew;

    private TokenVerifier(io.jsonwebtoken.JwtParser parser, Duration clockSkew) {
        this.parser = parser;
        this.clockSkew = clockSkew;
    }

    /** A verified token: who it names, its {@code exp}, and when it stops being accepted (plus the clock leeway). */
    public record Verified(Caller caller, Instant expiresAt, Instant acceptedUntil) {
    }

    public static TokenVerifier hs256(String secret, String issuer, String audience, Duration clockSkew) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes, it has " + bytes.length);
        }
        SecretKey key = Keys.hmacShaKeyFor(bytes);
        return new TokenVerifier(configure(Jwts.parser().verifyWith(key), issuer, audience, clockSkew), clockSkew);
    }

    public static TokenVerifier rs256(String publicKeyPem, String issuer, String audience, Duration clockSkew) {
        return new TokenVerifier(configure(
                Jwts.parser().verifyWith(parsePublicKey(publicKeyPem)), issuer, audience, clockSkew), clockSkew);
    }

    private static io.jsonwebtoken.JwtParser configure(
            JwtParserBuilder builder, String issuer, String audience, Duration clockSkew) {
        if (issuer != null && !issuer.isBlank()) {
            builder.requireIssuer(issuer);
        }
        if (audience != null && !audience.isBlank()) {
            builder.requireAudience(audience);
        }
        return builder.clockSkewSeconds(clockSkew.toSeconds()).build();
    }

    /** The caller the token names, or {@link InvalidTokenException} saying what is wrong with it. */
    public Caller verify(String token) {
        return verifyUntil(token).caller();
    }

    /**
     * As {@link #verify}, with the moment the token stops being accepted: the same leeway past {@code exp} that a
     * REST request gets, so a socket connection ends when a REST call with its token would start answering 401.
     */
    public Verified verifyUntil(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("missing token");
        }
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token.trim()).getPayload();
        } catch (ExpiredJwtException e) {
            throw new InvalidTokenException("token expired");
        } catch (SecurityException e) {
            throw new InvalidTokenException("token signature is not valid");
        } catch (MissingClaimException | IncorrectClaimException e) {
            throw new InvalidTokenException("token claim " + e.getClaimName() + " is missing or not accepted");
        } catch (UnsupportedJwtException e) {
            throw new InvalidTokenException("token must be a signed JWT");
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidTokenException("malformed token");
        }
        if (claims.getExpiration() == null) {
            throw new InvalidTokenException("token has no exp claim");
        }
        String subject = claims.getSubject();
        if (!UserIds.isValid(subject)) {
            throw new InvalidTokenException("token sub must be 1-128 characters of A-Za-z0-9._:@-");
        }
        Object name = claims.get("name");
        Caller caller = new Caller(subject, name instanceof String s ? s : null, roles(claims.get("roles")));
        Instant expiresAt = claims.getExpiration().toInstant();
        return new Verified(caller, expiresAt, expiresAt.plus(clockSkew));
    }

    private static Set<String> roles(Object claim) {
        if (claim instanceof Collection<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).collect(Collectors.toSet());
        }
        if (claim instanceof String single) {
            return Set.of(single.split("[ ,]+"));
        }
        return Set.of();
    }

    private static PublicKey parsePublicKey(String pem) {
        String base64 = pem
                .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] encoded = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (Exception e) {
            throw new IllegalArgumentException("the JWT public key is not an RSA public key in PEM form", e);
        }
    }
}
