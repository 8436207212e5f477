package io.parley.support.infra;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The {@code eventProcessors} component of {@code /actuator/health}. A configuration of its own, not nested in
 * another: the standalone scans {@code io.parley} for components, and a nested configuration class would be found
 * by that scan and judged before Axon's processing configuration exists.
 */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration")
@ConditionalOnClass({HealthIndicator.class, EventProcessingConfiguration.class})
@ConditionalOnBean(EventProcessingConfiguration.class)
public class EventProcessorsHealthAutoConfiguration {

    /** Named so that the component is {@code eventProcessors}. */
    @Bean
    EventProcessorsHealth eventProcessorsHealthContributor(
            EventProcessingConfiguration processing, ObjectProvider<TokenStore> tokens) {
        return new EventProcessorsHealth(processing, tokens.getIfAvailable());
    }
}
