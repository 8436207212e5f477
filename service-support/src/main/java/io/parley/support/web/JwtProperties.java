package io.parley.support.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code parley.jwt.*} (environment: {@code PARLEY_JWT_SECRET}, {@code PARLEY_JWT_PUBLIC_KEY}, ...).
 * Exactly one of {@code secret} (HS256) and {@code public-key} (RS256, PEM) is set.
 */
@ConfigurationProperties("parley.jwt")
public record JwtProperties(String secret, String publicKey, String issuer, String audience, Duration clockSkew) {

    public JwtProperties {
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
    }
}
