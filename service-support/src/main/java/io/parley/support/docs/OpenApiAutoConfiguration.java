package io.parley.support.docs;

import io.parley.kernel.api.ErrorResponse;
import io.parley.kernel.auth.Caller;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * The OpenAPI description of a Parley service's REST routes, at {@code /v3/api-docs} with Swagger UI at
 * {@code /swagger-ui/index.html}, readable without a token (the token check covers {@code /api/**} only). Every
 * operation answers errors in the one shape, {@code { "error": { "code", "message" } }}, and needs a bearer token;
 * the caller argument the token becomes is not a parameter.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiAutoConfiguration {

    static final String BEARER = "bearer";

    /** The status codes every route may answer, with the codes of docs/API.md they carry. */
    private static final Map<String, String> ERRORS = Map.of(
            "400", "validation_failed or not_a_group",
            "401", "unauthorized: a missing, malformed, expired or wrongly signed token",
            "403", "forbidden: a member may see it but not do that (or an operator route without the admin role)",
            "404", "not_found: also what a conversation or message the caller may not see answers",
            "410", "conversation_deleted",
            "413", "payload_too_large",
            "429", "rate_limited, with retryAfter (seconds) and the Retry-After header",
            "500", "internal");

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI parleyOpenApi(@Value("${spring.application.name:parley}") String service) {
        return new OpenAPI()
                .info(new Info()
                        .title("Parley (" + service + ")")
                        .description("Event-sourced messaging: the REST routes of docs/API.md. The realtime API "
                                + "(Socket.IO) and the Kafka topics are described in docs/asyncapi.yaml.")
                        .version("1")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Adds the error shape to every operation, for each status it does not describe itself. */
    @Bean
    OpenApiCustomizer parleyErrorResponses() {
        return openApi -> {
            Components components = openApi.getComponents();
            ModelConverters.getInstance().readAll(ErrorResponse.class).forEach(components::addSchemas);
            @SuppressWarnings("rawtypes")
            Schema reference = new Schema<>().$ref("#/components/schemas/" + ErrorResponse.class.getSimpleName());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                ERRORS.forEach((status, description) -> responses.putIfAbsent(status, new ApiResponse()
                        .description(description)
                        .content(new Content().addMediaType("application/json", new MediaType().schema(reference)))));
                operation.setResponses(responses);
            }));
        };
    }
}
