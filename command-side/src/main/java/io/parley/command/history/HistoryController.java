package io.parley.command.history;

import io.parley.kernel.Ids;
import io.parley.kernel.error.ParleyException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/conversations/:id/state?at} and {@code .../messages?at&limit&before}: a conversation and
 * its history as they were at an instant, for operators (the guard on {@code /api/admin/} lets only them through).
 * A conversation that does not exist, or did not yet at {@code at}, is 404; a bad parameter is 400, each naming it.
 */
@RestController
class HistoryController {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");

    private final ConversationHistory history;
    private final int defaultPage;
    private final int maxPage;

    HistoryController(
            ConversationHistory history,
            @Value("${parley.pages.default-size:50}") int defaultPage,
            @Value("${parley.pages.max:100}") int maxPage) {
        this.history = history;
        this.defaultPage = defaultPage;
        this.maxPage = maxPage;
    }

    @GetMapping("/api/admin/conversations/{conversationId}/state")
    HistoricalConversation state(@PathVariable String conversationId, @RequestParam(required = false) String at) {
        Instant instant = instant(at);
        return history.stateAt(known(conversationId), instant);
    }

    @GetMapping("/api/admin/conversations/{conversationId}/messages")
    HistoricalPage messages(
            @PathVariable String conversationId,
            @RequestParam(required = false) String at,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        Instant instant = instant(at);
        int size = limit == null ? defaultPage : (int) number("limit", limit, 1, maxPage);
        Long cursor = before == null ? null : number("before", before, 0, (1L << 53) - 1);
        return history.messagesAt(known(conversationId), instant, size, cursor);
    }

    private static String known(String conversationId) {
        if (!Ids.isValid(conversationId)) {
            throw ParleyException.notFound("conversation not found");
        }
        return conversationId;
    }

    private static Instant instant(String at) {
        if (at == null) {
            throw ParleyException.validation("parameter 'at' is required: an ISO-8601 instant such as "
                    + "2025-01-31T12:00:00Z");
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(at, Instant::from);
        } catch (DateTimeParseException e) {
            throw ParleyException.validation("parameter 'at' must be an ISO-8601 instant such as "
                    + "2025-01-31T12:00:00Z");
        }
    }

    /** Digits only (no sign, space or exponent), from {@code min} to {@code max}; else a 400 naming it. */
    private static long number(String name, String value, long min, long max) {
        if (DIGITS.matcher(value).matches()) {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        throw ParleyException.validation("parameter '" + name + "' must be a whole number from " + min + " to "
                + max);
    }
}
