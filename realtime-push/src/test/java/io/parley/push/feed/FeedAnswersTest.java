package io.parley.push.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.testing.InMemoryMongo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replay of the feed waits for the sends answered before it began, until the feed processor has stored them: told
 * by this JVM's projection, or read from the store when the processor is elsewhere; a wait that runs out lets the
 * replay go on.
 */
class FeedAnswersTest {

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private FeedTestbed feed;
    private String conversation;

    @BeforeEach
    void setUp() {
        feed = new FeedTestbed(inMemoryMongo.template(), new ObjectMapper().registerModule(new JavaTimeModule()));
        conversation = feed.create(List.of("alice", "bob"));
    }

    @Test
    void aReplayWaitsUntilTheAnsweredSendIsInTheStream() throws Exception {
        FeedAnswers answers = feed.answers();
        answers.answered(conversation, 1);
        CompletableFuture<Void> replay = CompletableFuture.runAsync(answers::awaitAll);

        Thread.sleep(300);
        assertThat(replay).as("the send is not in the feed stream yet").isNotDone();
        feed.send(conversation, "alice", null);
        replay.get(2, TimeUnit.SECONDS);
        assertThat(feed.feedOf("bob")).as("what the replay reads now").hasSize(2);
        assertThat(answers.inFlight()).as("a stored send is forgotten").isZero();
    }

    @Test
    void aSendAnsweredAfterItsBatchWasStoredIsNotWaitedFor() throws Exception {
        feed.send(conversation, "alice", null);
        feed.answers().answered(conversation, 1);

        assertThat(feed.answers().inFlight()).as("the processor was quicker than the answer").isZero();
        CompletableFuture.runAsync(feed.answers()::awaitAll).get(50, TimeUnit.MILLISECONDS);
    }

    @Test
    void aWaitReadsTheStoreWhenTheProcessorRunsElsewhere() throws Exception {
        FeedAnswers elsewhere = new FeedAnswers(inMemoryMongo.template(), Duration.ofSeconds(20));
        elsewhere.answered(conversation, 1);
        CompletableFuture<Void> replay = CompletableFuture.runAsync(elsewhere::awaitAll);

        Thread.sleep(300);
        assertThat(replay).isNotDone();
        feed.send(conversation, "alice", null);
        replay.get(2, TimeUnit.SECONDS);
        assertThat(elsewhere.inFlight()).isZero();
    }

    @Test
    void aWaitThatRunsOutLetsTheReplayGoOn() throws Exception {
        FeedAnswers answers = new FeedAnswers(inMemoryMongo.template(), Duration.ofMillis(300));
        answers.answered(conversation, 5);

        CompletableFuture.runAsync(answers::awaitAll).get(2, TimeUnit.SECONDS);
        assertThat(answers.inFlight()).as("still not stored, so still awaited by the next replay").isOne();
    }
}
