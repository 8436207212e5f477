package io.parley.command.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.kernel.message.MessageSentEvent;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * {@code parley_messages_sent_total}: messages sent, counted where they are stored. The event store tells its
 * subscribers about events once it has appended them, so each message counts once, on the node that accepted it; a
 * retry answered with the first message stores nothing and counts nothing. Counting on the query side instead would
 * count again at every replay or repeated Kafka delivery.
 */
@Component
class MessagesSentCounter {

    static final String NAME = "parley.messages.sent";

    MessagesSentCounter(EventStore events, MeterRegistry registry) {
        Counter sent = Counter.builder(NAME)
                .description("Messages sent: MessageSentEvents stored by this node")
                .register(registry);
        events.subscribe(stored -> stored.forEach(event -> {
            if (event.getPayloadType() == MessageSentEvent.class) {
                sent.increment();
            }
        }));
    }
}
