package io.parley.support.infra;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;

/**
 * {@code eventProcessors} in {@code /actuator/health}: a component for each Axon event processor of this service.
 * DOWN when it or one of its segments is in error (it retries, but is not moving), UP when it runs, else
 * {@code STOPPED}: stopped on purpose (a read-model replay pauses the live processor for a moment) or not started
 * yet, which is no fault of the service, so the overall status stays UP. A streaming processor's details say how many
 * segments its token store holds, which of them this node has claimed, and where each claimed one stands.
 */
public class EventProcessorsHealth implements CompositeHealthContributor {

    /** Ranks after UP in Spring's default order, so it does not take the service's status down. */
    static final Status STOPPED = new Status("STOPPED", "not running: stopped, or not started yet");

    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;

    /** @param tokens null where the service keeps no tokens */
    public EventProcessorsHealth(EventProcessingConfiguration processing, TokenStore tokens) {
        this.processing = processing;
        this.tokens = tokens;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return processing.eventProcessor(name).map(this::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        List<NamedContributor<HealthContributor>> contributors = new ArrayList<>();
        new TreeSet<>(processing.eventProcessors().keySet()).forEach(name ->
                contributors.add(NamedContributor.of(name, getContributor(name))));
        return contributors.iterator();
    }

    private HealthIndicator indicator(EventProcessor processor) {
        return () -> health(processor);
    }

    Health health(EventProcessor processor) {
        boolean segmentInError = false;
        Health.Builder health = new Health.Builder()
                .withDetail("running", processor.isRunning())
                .withDetail("error", processor.isError());
        if (processor instanceof StreamingEventProcessor streaming) {
            Map<Integer, Map<String, Object>> claimed = new LinkedHashMap<>();
            for (EventTrackerStatus status : new TreeMap<>(streaming.processingStatus()).values()) {
                Map<String, Object> segment = new LinkedHashMap<>();
                segment.put("caughtUp", status.isCaughtUp());
                segment.put("replaying", status.isReplaying());
                if (status.isErrorState()) {
                    segmentInError = true;
                    segment.put("error", String.valueOf(status.getError()));
                }
                claimed.put(status.getSegment().getSegmentId(), segment);
            }
            health.withDetail("claimed", claimed);
            if (tokens != null) {
                health.withDetail("segments", segments(processor.getName()));
            }
        }
        if (processor.isError() || segmentInError) {
            return health.down().build();
        }
        return health.status(processor.isRunning() ? Status.UP : STOPPED).build();
    }

    /** How many segments the token store holds for the processor, claimed here or elsewhere; -1 if unreadable. */
    private int segments(String processor) {
        try {
            return tokens.fetchSegments(processor).length;
        } catch (RuntimeException storeDown) {
            return -1;
        }
    }
}
