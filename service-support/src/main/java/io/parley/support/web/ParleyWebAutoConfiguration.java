package io.parley.support.web;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.parley.support.auth.TokenVerifier;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires token verification, the operator guard on {@code /api/admin/**}, the caller argument and the error format
 * into any Parley web service.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(JwtProperties.class)
@Import(ApiExceptionHandler.class)
public class ParleyWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TokenVerifier tokenVerifier(JwtProperties jwt) {
        boolean hasSecret = jwt.secret() != null && !jwt.secret().isBlank();
        boolean hasKey = jwt.publicKey() != null && !jwt.publicKey().isBlank();
        if (hasSecret == hasKey) {
            throw new IllegalStateException(
                    "configure exactly one of parley.jwt.secret (PARLEY_JWT_SECRET, HS256) "
                            + "and parley.jwt.public-key (PARLEY_JWT_PUBLIC_KEY, RS256)");
        }
        return hasSecret
                ? TokenVerifier.hs256(jwt.secret(), jwt.issuer(), jwt.audience(), jwt.clockSkew())
                : TokenVerifier.rs256(jwt.publicKey(), jwt.issuer(), jwt.audience(), jwt.clockSkew());
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(TokenVerifier verifier, ErrorWriter errors) {
        FilterRegistrationBean<BearerTokenFilter> registration =
                new FilterRegistrationBean<>(new BearerTokenFilter(verifier, errors));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Runs after the token check, so a missing or bad token stays a 401. */
    @Bean
    FilterRegistrationBean<AdminGuardFilter> adminGuardFilter(ErrorWriter errors) {
        FilterRegistrationBean<AdminGuardFilter> registration =
                new FilterRegistrationBean<>(new AdminGuardFilter(errors));
        registration.addUrlPatterns(AdminGuardFilter.URL_PATTERN);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /** Runs before token checks: an oversized body is refused whoever sends it. */
    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            @Value("${parley.limits.max-body-size:1MB}") DataSize limit, ErrorWriter errors) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(limit, errors));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    ErrorWriter errorWriter(com.fasterxml.jackson.databind.ObjectMapper objectMapper) {
        return new ErrorWriter(objectMapper);
    }

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    /**
     * Wrong JSON types are refused, not guessed at: {@code "isGroup": "yes"} or {@code "participants": [1]}
     * is a {@code validation_failed}, never a silent conversion.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJsonTypes() {
        return builder -> builder
                .featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
