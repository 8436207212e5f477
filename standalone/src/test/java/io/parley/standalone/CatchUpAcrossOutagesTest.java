package io.parley.standalone;

import static io.parley.standalone.CatchUpClient.assertInOrderOnce;
import static io.parley.standalone.CatchUpClient.contents;
import static io.parley.standalone.CatchUpClient.heard;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.standalone.CatchUpClient.Heard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catch-up promise across the outages a deployment meets: the standalone stopped and started between a
 * member's disconnect and reconnect, and the Kafka broker gone for 30 s while clients keep sending over REST. A
 * member coming back with its last cursor hears every accepted message once, in order.
 */
class CatchUpAcrossOutagesTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /**
     * Enough to span the outage's retries; unbounded, the sends a fast machine accepts in 30 s (24,522 once) made the
     * catch-up outlast the clients' limit.
     */
    private static final int SENDS_PER_SENDER = 2_000;

    @TempDir
    Path dataDir;

    private static String group(TestParley parley) {
        return parley.post("alice", "/api/conversation",
                "{\"participants\":[\"bob\",\"carol\"],\"isGroup\":true,\"groupName\":\"outage\"}").id();
    }

    /** Sends over REST; the content if it was accepted (201), null if it was refused. */
    private static String send(TestParley parley, String conversation, String content) {
        TestParley.Response sent = parley.post("alice", "/api/message",
                "{\"conversationId\":\"" + conversation + "\",\"content\":\"" + content + "\"}");
        return sent.status() == 201 ? content : null;
    }

    private static CatchUpClient bob(TestParley parley) {
        return new CatchUpClient(new NodeClients("http://localhost:" + parley.running().port()), "bob", LIMIT);
    }

    @Test
    void aRestartBetweenDisconnectAndReconnectLosesAndRepeatsNothing() {
        String conversation;
        String cursor;
        try (TestParley parley = TestParley.start(dataDir)) {
            conversation = group(parley);
            send(parley, conversation, "before");
            cursor = bob(parley).cursorAfter("before");
            // bob is away; the last sends are still on their way through the stream when the JVM stops
            IntStream.rangeClosed(1, 100).forEach(i -> send(parley, conversation, "m" + i));
        }

        try (TestParley parley = TestParley.start(dataDir)) {
            IntStream.rangeClosed(101, 110).forEach(i -> send(parley, conversation, "m" + i));
            List<Heard> heard = heard(bob(parley).start("websocket", cursor, "m110").result());

            assertThat(contents(heard))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 110).mapToObj(i -> "m" + i).toList());
            assertInOrderOnce(heard);
            assertThat(heard).extracting(Heard::event).containsOnlyOnce("sync_complete");
        }
    }

    @Test
    void aBrokerOutageLosesNoAcceptedMessageAndRepeatsNone() {
        int port = freePort();
        int controllerPort = freePort();
        while (controllerPort == port) {
            controllerPort = freePort(); // the system hands out a port just closed again: Kafka needs two
        }
        Path kafkaDir = dataDir.resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, port, controllerPort, false);
        try (TestParley parley = TestParley.start(dataDir.resolve("parley"),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers())) {
            String conversation = group(parley);
            send(parley, conversation, "before");
            CatchUpClient bob = bob(parley);
            String cursor = bob.cursorAfter("before");
            NodeClients.Run stayedOnline = bob.start("websocket", cursor, "after");
            stayedOnline.awaitLine("synced");

            kafka.close();
            Queue<String> accepted = new ConcurrentLinkedQueue<>();
            Instant end = Instant.now().plus(OUTAGE);
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int sender = 0; sender < 3; sender++) {
                int id = sender;
                senders.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < SENDS_PER_SENDER && Instant.now().isBefore(end); i++) {
                        String content = send(parley, conversation, "o" + id + "-" + i);
                        if (content != null) {
                            accepted.add(content);
                        }
                    }
                    // the broker stays away the whole outage however fast the sends went
                    sleepUntil(end);
                }));
            }
            senders.forEach(CompletableFuture::join);
            kafka = EmbeddedKafka.start(kafkaDir, port, controllerPort, false);
            assertThat(send(parley, conversation, "after")).as("accepted once the broker is back").isNotNull();

            List<String> expected = new ArrayList<>(accepted);
            expected.add("after");
            assertThat(accepted).as("sends went on during the outage").isNotEmpty();
            System.out.printf("%d sends accepted while the broker was away%n", accepted.size());
            for (List<Heard> heard : List.of(heard(stayedOnline.result()),
                    heard(bob.start("polling", cursor, "after").result()))) {
                assertThat(contents(heard)).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(heard.stream().filter(h -> h.event().equals("new_message")).map(Heard::seq).toList())
                        .as("in the conversation's order").isSorted();
                assertInOrderOnce(heard);
            }
        } finally {
            kafka.close();
        }
    }

    private static void sleepUntil(Instant end) {
        long millis = Duration.between(Instant.now(), end).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
