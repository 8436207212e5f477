package io.parley.standalone;

import static io.parley.standalone.CatchUpClient.assertInOrderOnce;
import static io.parley.standalone.CatchUpClient.contents;
import static io.parley.standalone.CatchUpClient.heard;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.standalone.CatchUpClient.Heard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A group of 1,000 with the real socket.io-client: members online hear every message live, members who were away
 * catch up from their cursor, and a member removed or added between two messages hears exactly their part, each
 * event once and in order. (That a message costs the same store writes here as in a one-to-one conversation is
 * counted in realtime-push's {@code FeedProjectionTest}.)
 */
class LargeGroupOverSocketsTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final int MESSAGES = 10;

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private final NodeClients clients = new NodeClients("http://localhost:" + parley.running().port());
    private final String alice = TestParley.uniqueUser("alice");
    private final List<String> members = IntStream.range(1, 1000)
            .mapToObj(i -> TestParley.uniqueUser("member" + i)).toList();

    private CatchUpClient client(String user) {
        return new CatchUpClient(clients, user, LIMIT);
    }

    private void send(String conversation, String content) {
        assertThat(parley.post(alice, "/api/message", "{\"conversationId\":\"" + conversation + "\",\"content\":\""
                + content + "\"}").status()).isEqualTo(201);
    }

    @Test
    void aThousandMembersHearEachMessageOnceInOrderLiveOrAfterBeingAway() {
        String participants = members.stream().map(member -> "\"" + member + "\"").collect(Collectors.joining(","));
        String conversation = parley.post(alice, "/api/conversation",
                "{\"participants\":[" + participants + "],\"isGroup\":true,\"groupName\":\"everyone\"}").id();
        List<String> online = members.subList(0, 4);
        List<String> away = members.subList(500, 503);
        String leaving = members.get(998);
        String joining = TestParley.uniqueUser("late");

        List<String> cursors = new ArrayList<>();
        for (String member : away) {
            cursors.add(heard(client(member).start("websocket", null, null).result()).get(0).cursor());
        }
        String lastContent = "m" + MESSAGES;
        List<NodeClients.Run> live = new ArrayList<>();
        for (int i = 0; i < online.size(); i++) {
            NodeClients.Run run = client(online.get(i)).start(i % 2 == 0 ? "websocket" : "polling", null, lastContent);
            run.awaitLine("synced");
            live.add(run);
        }

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            send(conversation, "m" + i);
            expected.add("m" + i);
            if (i == MESSAGES / 2) {
                assertThat(parley.post(alice, "/api/conversation/participant/remove", "{\"conversationId\":\""
                        + conversation + "\",\"userId\":\"" + leaving + "\"}").status()).isEqualTo(200);
                assertThat(parley.post(alice, "/api/conversation/participant/add", "{\"conversationId\":\""
                        + conversation + "\",\"userId\":\"" + joining + "\"}").status()).isEqualTo(200);
            }
        }

        for (NodeClients.Run run : live) {
            List<Heard> heard = heard(run.result());
            assertThat(heard.get(0).event()).isEqualTo("sync_complete");
            assertThat(contents(heard)).as("live").containsExactlyElementsOf(expected);
            assertThat(heard).extracting(Heard::event).containsOnlyOnce("sync_complete")
                    .filteredOn("conversation_updated"::equals).hasSize(2);
            assertInOrderOnce(heard);
        }
        for (int i = 0; i < away.size(); i++) {
            List<Heard> heard = heard(client(away.get(i)).start(i % 2 == 0 ? "polling" : "websocket",
                    cursors.get(i), lastContent).result());
            assertThat(contents(heard)).as("caught up").containsExactlyElementsOf(expected);
            assertThat(heard).extracting(Heard::event).last().isEqualTo("sync_complete");
            assertInOrderOnce(heard);
        }

        List<Heard> removed = heard(client(leaving).start("websocket", "0", null).result());
        assertThat(removed).extracting(Heard::event).as("up to their removal, which is the last")
                .containsExactlyElementsOf(events("conversation_created", MESSAGES / 2, "conversation_updated"));
        List<Heard> added = heard(client(joining).start("websocket", "0", null).result());
        assertThat(added).extracting(Heard::event).as("from being added on")
                .containsExactlyElementsOf(eventsAfterJoining());
        assertThat(contents(added)).containsExactlyElementsOf(expected.subList(MESSAGES / 2, MESSAGES));
        assertInOrderOnce(removed);
        assertInOrderOnce(added);
    }

    private static List<String> events(String first, int messages, String last) {
        List<String> events = new ArrayList<>(List.of(first));
        IntStream.range(0, messages).forEach(i -> events.add("new_message"));
        events.add(last);
        events.add("sync_complete");
        return events;
    }

    private static List<String> eventsAfterJoining() {
        List<String> events = new ArrayList<>(List.of("conversation_updated"));
        IntStream.range(0, MESSAGES / 2).forEach(i -> events.add("new_message"));
        events.add("sync_complete");
        return events;
    }
}
