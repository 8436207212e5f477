package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Runs {@code catchup.mjs} for one user and reads its report: the pushes it heard, in arrival order. */
final class CatchUpClient {

    /** One push as the catch-up script recorded it. */
    record Heard(String event, String eventId, String cursor, long seq, String content) {
    }

    private final NodeClients clients;
    private final String user;
    private final Duration limit;

    CatchUpClient(NodeClients clients, String user, Duration limit) {
        this.clients = clients;
        this.user = user;
        this.limit = limit;
    }

    /** Connects with {@code since} (null: none) and runs until sync_complete and, if set, {@code until} arrived. */
    NodeClients.Run start(String transport, String since, String until) {
        Map<String, String> more = new HashMap<>();
        if (since != null) {
            more.put("SINCE", since);
        }
        if (until != null) {
            more.put("UNTIL", until);
        }
        return clients.start("catchup.mjs", NodeClients.env(user, transport, limit, more), limit);
    }

    /** The cursor of the message {@code content} as heard from the start of the feed: where a client resumes. */
    String cursorAfter(String content) {
        return heard(start("websocket", "0", content).result()).stream()
                .filter(heard -> content.equals(heard.content())).findFirst().orElseThrow().cursor();
    }

    static List<Heard> heard(JsonNode result) {
        assertThat(result.path("timedOut").asBoolean()).as("the client finished: %s", result).isFalse();
        List<Heard> heard = new ArrayList<>();
        result.path("events").forEach(event -> heard.add(new Heard(event.path("event").asText(),
                event.path("eventId").asText(null), event.path("cursor").asText(null), event.path("seq").asLong(),
                event.path("content").asText(null))));
        return heard;
    }

    static int indexOf(List<Heard> heard, String event) {
        return IntStream.range(0, heard.size()).filter(i -> heard.get(i).event().equals(event)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + event + " in " + heard));
    }

    static List<String> contents(List<Heard> heard) {
        return heard.stream().filter(h -> h.event().equals("new_message")).map(Heard::content).toList();
    }

    /** Every stored event once, cursors increasing. */
    static void assertInOrderOnce(List<Heard> heard) {
        List<Heard> stored = heard.stream().filter(h -> !h.event().equals("sync_complete")).toList();
        assertThat(stored).extracting(Heard::eventId).as("no event twice").doesNotHaveDuplicates().doesNotContainNull();
        assertThat(stored.stream().map(Heard::cursor).toList()).as("cursors increase")
                .isSorted().doesNotHaveDuplicates();
    }
}
