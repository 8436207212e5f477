package io.parley.command.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/events?from&to&conversationId&type}: the stored events as NDJSON, one {@link EventLine} a
 * line, for analysts and for rebuilding read models elsewhere (operators only, see the guard on
 * {@code /api/admin/}). The filters are checked before anything is written, so a bad one is a plain 400. The lines
 * are written on the request thread as the store is read: an export of a long history may take longer than the
 * timeout of an asynchronous response, and holds no more than a page of events in memory.
 */
@RestController
class EventExportController {

    static final String NDJSON = "application/x-ndjson";

    private final StoredEvents events;
    private final Serializer serializer;
    private final ObjectMapper json;
    private final ObjectWriter lines;

    EventExportController(StoredEvents events, @Qualifier("eventSerializer") Serializer serializer, ObjectMapper json) {
        this.events = events;
        this.serializer = serializer;
        this.json = json;
        this.lines = json.writerFor(EventLine.class);
    }

    @GetMapping("/api/admin/events")
    void export(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String conversationId,
            @RequestParam(required = false) String type,
            HttpServletResponse response) throws IOException {
        EventFilter filter = EventFilter.parse(from, to, conversationId, type);
        response.setContentType(NDJSON);
        response.setCharacterEncoding("UTF-8");
        OutputStream out = response.getOutputStream();
        events.forEach(filter, event -> {
            try {
                out.write(lines.writeValueAsBytes(EventLine.of(event, serializer, json)));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
    }
}
