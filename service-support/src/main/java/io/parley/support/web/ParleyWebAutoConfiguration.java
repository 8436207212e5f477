package io.parley.support.web;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.parley.support.auth.TokenVerifier;
import java.util.List;
import java.util.function.Consumer;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
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
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(JwtProperties.class)
@Import({ApiExceptionHandler.class, JsonErrorController.class})
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
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(
            TokenVerifier verifier, ErrorWriter errors, ObjectProvider<OpenRoute> open) {
        FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
                new BearerTokenFilter(verifier, errors, open.orderedStream().toList()));
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

    /**
     * Tomcat's error page (HTML, on the host's pipeline, where requests Tomcat refuses before any servlet end up)
     * replaced by {@link JsonErrorReportValve}; ordered last, so Spring Boot's own valve is already there to remove.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors() {
        return new OrderedCustomizer(factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new JsonErrorReportValve());
                // the host adds a valve of this class at start unless one is there: ours is
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        }));
    }

    private record OrderedCustomizer(Consumer<TomcatServletWebServerFactory> customization)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            customization.accept(factory);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** First of all: a query that does not decode is refused before anything reads its parameters. */
    @Bean
    FilterRegistrationBean<QueryStringFilter> queryStringFilter(ErrorWriter errors) {
        FilterRegistrationBean<QueryStringFilter> registration =
                new FilterRegistrationBean<>(new QueryStringFilter(errors));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
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
