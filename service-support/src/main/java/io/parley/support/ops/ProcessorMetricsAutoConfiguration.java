package io.parley.support.ops;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** The per-processor metrics of {@code /actuator/prometheus}: events applied, and Kafka lag. */
@AutoConfiguration(
        after = OperationsAutoConfiguration.class,
        afterName = {
                "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
                "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ConfigurerModule.class})
@ConditionalOnBean(MeterRegistry.class)
public class ProcessorMetricsAutoConfiguration {

    /** On every event processor, the Kafka publisher's included. */
    @Bean
    ConfigurerModule eventsAppliedCounters(MeterRegistry registry) {
        return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor(
                (axon, processor) -> new EventsAppliedCounter(registry, processor));
    }

    @Bean
    @ConditionalOnBean({TopicsReport.class, EventProcessingConfiguration.class})
    ProcessorLagGauges processorLagGauges(
            TopicsReport report,
            EventProcessingConfiguration processing,
            MeterRegistry registry,
            @Value("${parley.metrics.lag-refresh:15s}") Duration every) {
        return new ProcessorLagGauges(report, processing, registry, every);
    }
}
