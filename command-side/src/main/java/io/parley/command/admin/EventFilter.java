package io.parley.command.admin;

import io.parley.kernel.Ids;
import io.parley.kernel.conversation.ConversationEvent;
import io.parley.kernel.error.ParleyException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * The filters of {@code GET /api/admin/events}, checked: {@code from} (inclusive) and {@code to} (exclusive) are
 * ISO-8601 instants, compared at the store's millisecond precision; {@code conversationId} is a conversation id;
 * {@code type} is the simple name of one of Parley's events. Any may be null (no limit).
 */
record EventFilter(Instant from, Instant to, String conversationId, String payloadType) {

    /** Simple name to class name of every event a conversation records. */
    static final Map<String, String> EVENT_TYPES = eventTypes();

    static EventFilter everything() {
        return new EventFilter(null, null, null, null);
    }

    static EventFilter parse(String from, String to, String conversationId, String type) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ParleyException.validation("'to' must be later than 'from'");
        }
        if (conversationId != null && !Ids.isValid(conversationId)) {
            throw ParleyException.validation("conversationId must be a 24-character hex id");
        }
        String payloadType = null;
        if (type != null) {
            payloadType = EVENT_TYPES.get(type);
            if (payloadType == null) {
                throw ParleyException.validation("type must be one of " + String.join(", ", EVENT_TYPES.keySet()));
            }
        }
        return new EventFilter(start, end, conversationId, payloadType);
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value, Instant::from);
        } catch (DateTimeParseException e) {
            throw ParleyException.validation(
                    "'" + name + "' must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        }
    }

    /** For events read by aggregate, which the store did not filter by time or type. */
    boolean matches(DomainEventMessage<?> event) {
        long millis = event.getTimestamp().toEpochMilli();
        return (from == null || millis >= from.toEpochMilli())
                && (to == null || millis < to.toEpochMilli())
                && (payloadType == null || event.getPayloadType().getName().equals(payloadType));
    }

    private static Map<String, String> eventTypes() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(ConversationEvent.class));
        Map<String, String> types = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(Ids.class.getPackageName())) {
            String className = candidate.getBeanClassName();
            types.put(className.substring(className.lastIndexOf('.') + 1), className);
        }
        return Map.copyOf(types);
    }
}
