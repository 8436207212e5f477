package io.parley.support.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * {@code parley_processor_lag_records{processor}}: how many Kafka records each of this service's Axon processors has
 * still to read, as {@link TopicsReport} computes it for {@code GET /api/admin/topics}. Measured every
 * {@code parley.metrics.lag-refresh} in the background rather than at each scrape, so a scrape never waits on Kafka;
 * a processor appears once its token says it reads Kafka.
 */
class ProcessorLagGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessorLagGauges.class);
    static final String NAME = "parley.processor.lag";

    private final TopicsReport report;
    private final EventProcessingConfiguration processing;
    private final MultiGauge lag;
    private final Duration every;
    private ScheduledExecutorService scheduler;
    private volatile boolean failing;

    ProcessorLagGauges(
            TopicsReport report, EventProcessingConfiguration processing, MeterRegistry registry, Duration every) {
        this.report = report;
        this.processing = processing;
        this.every = every;
        this.lag = MultiGauge.builder(NAME)
                .description("Kafka records an event processor has still to read, summed over partitions")
                .baseUnit("records")
                .register(registry);
    }

    void refresh() {
        try {
            Set<String> local = processing.eventProcessors().keySet();
            List<MultiGauge.Row<?>> rows = report.build().processorLags().entrySet().stream()
                    .filter(processor -> local.contains(processor.getKey()))
                    .<MultiGauge.Row<?>>map(processor ->
                            MultiGauge.Row.of(Tags.of("processor", processor.getKey()), processor.getValue()))
                    .toList();
            lag.register(rows, true);
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("could not measure the processors' Kafka lag; the gauges keep their last values", e);
            }
            failing = true;
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parley-lag-gauges");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
