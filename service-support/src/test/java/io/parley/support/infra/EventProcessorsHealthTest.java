package io.parley.support.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/** A processor's health: UP while it runs, DOWN with the error when it or a segment fails, else STOPPED. */
class EventProcessorsHealthTest {

    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final TokenStore tokens = mock(TokenStore.class);
    private final EventProcessorsHealth health = new EventProcessorsHealth(processing, tokens);

    private StreamingEventProcessor streaming(boolean running, boolean error, EventTrackerStatus... claimed) {
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.getName()).thenReturn("projection");
        when(processor.isRunning()).thenReturn(running);
        when(processor.isError()).thenReturn(error);
        Map<Integer, EventTrackerStatus> statuses = new HashMap<>();
        for (EventTrackerStatus status : claimed) {
            statuses.put(status.getSegment().getSegmentId(), status);
        }
        when(processor.processingStatus()).thenReturn(statuses);
        when(processing.eventProcessor("projection")).thenReturn(Optional.of(processor));
        when(tokens.fetchSegments("projection")).thenReturn(new int[] {0, 1});
        return processor;
    }

    private static EventTrackerStatus segment(int id, Throwable error) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getSegment()).thenReturn(Segment.computeSegment(id, 0, 1));
        when(status.isCaughtUp()).thenReturn(error == null);
        when(status.isErrorState()).thenReturn(error != null);
        when(status.getError()).thenReturn(error);
        return status;
    }

    private Health of(String name) {
        return ((HealthIndicator) health.getContributor(name)).health();
    }

    @Test
    void aRunningProcessorIsUpWithItsSegments() {
        streaming(true, false, segment(0, null));
        Health projection = of("projection");
        assertThat(projection.getStatus()).isEqualTo(Status.UP);
        assertThat(projection.getDetails()).containsEntry("running", true).containsEntry("error", false)
                .containsEntry("segments", 2);
        assertThat(projection.getDetails().get("claimed")).isEqualTo(
                Map.of(0, Map.of("caughtUp", true, "replaying", false)));
    }

    @Test
    void aSegmentInErrorIsDownAndSaysWhy() {
        streaming(true, false, segment(0, null), segment(1, new IllegalStateException("projection failed")));
        Health projection = of("projection");
        assertThat(projection.getStatus()).isEqualTo(Status.DOWN);
        assertThat(projection.getDetails().get("claimed").toString()).contains("projection failed");
    }

    @Test
    void aProcessorInErrorIsDown() {
        streaming(false, true);
        assertThat(of("projection").getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aStoppedProcessorIsStopped() {
        streaming(false, false);
        assertThat(of("projection").getStatus().getCode()).isEqualTo("STOPPED");
    }

    @Test
    void aSubscribingProcessorIsJudgedByWhetherItRuns() {
        EventProcessor subscribing = mock(SubscribingEventProcessor.class);
        when(subscribing.isRunning()).thenReturn(true);
        when(processing.eventProcessor("live")).thenReturn(Optional.of(subscribing));
        assertThat(of("live").getStatus()).isEqualTo(Status.UP);
        assertThat(of("live").getDetails()).doesNotContainKey("claimed");
        assertThat(health.getContributor("unknown")).isNull();
    }
}
