package io.parley.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.query.conversation.ConversationRecord;
import io.parley.testing.InMemoryMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A read waits for the writes answered before it began, and only for those: the conversation it reads, or all of
 * them for a read across conversations; a wait that runs out lets the read go on.
 */
class AnsweredSendsTest {

    private static final String FIRST = "650000000000000000000001";
    private static final String SECOND = "650000000000000000000002";

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoTemplate mongo;
    private AnsweredSends answered;

    @BeforeEach
    void setUp() {
        mongo = inMemoryMongo.template();
        answered = new AnsweredSends(new ReadModels(mongo), Duration.ofSeconds(20));
    }

    /** What the projection would have written: the conversation at {@code version}. */
    private void applied(String conversationId, long version) {
        mongo.save(new ConversationRecord(conversationId, List.of("alice", "bob"), false, null, "alice",
                Instant.EPOCH, Instant.EPOCH, false, null, version, version - 1, version - 1, List.of()),
                ReadModel.collection(ReadModel.CONVERSATIONS, 1));
    }

    @Test
    void aReadOfTheConversationWaitsUntilTheAnsweredVersionIsApplied() throws Exception {
        applied(FIRST, 1);
        answered.answered(FIRST, 2);
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> answered.awaitConversation(FIRST));

        Thread.sleep(300);
        assertThat(read).as("version 2 is not in the read model yet").isNotDone();
        applied(FIRST, 2);
        read.get(10, TimeUnit.SECONDS);
        assertThat(answered.inFlight()).as("an applied write is forgotten").isZero();
    }

    @Test
    void aReadOfAnotherConversationDoesNotWait() throws Exception {
        applied(FIRST, 1);
        answered.answered(FIRST, 2);

        CompletableFuture.runAsync(() -> answered.awaitConversation(SECOND)).get(1, TimeUnit.SECONDS);
        assertThat(answered.inFlight()).isEqualTo(1);
    }

    @Test
    void aReadAcrossConversationsWaitsForEveryAnsweredWrite() throws Exception {
        applied(FIRST, 1);
        applied(SECOND, 4);
        answered.answered(FIRST, 2);
        answered.answered(SECOND, 5);
        CompletableFuture<Void> read = CompletableFuture.runAsync(answered::awaitAll);

        applied(FIRST, 2);
        Thread.sleep(300);
        assertThat(read).as("the second conversation's write is not applied yet").isNotDone();
        applied(SECOND, 5);
        read.get(10, TimeUnit.SECONDS);
        assertThat(answered.inFlight()).isZero();
    }

    @Test
    void aNewerAnswerDuringAWaitIsKept() throws Exception {
        applied(FIRST, 1);
        answered.answered(FIRST, 2);
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> answered.awaitConversation(FIRST));
        Thread.sleep(100);
        answered.answered(FIRST, 3);

        applied(FIRST, 2);
        read.get(10, TimeUnit.SECONDS);
        assertThat(answered.inFlight()).as("version 3 is still on its way").isEqualTo(1);
        CompletableFuture<Void> next = CompletableFuture.runAsync(() -> answered.awaitConversation(FIRST));
        Thread.sleep(300);
        assertThat(next).isNotDone();
        applied(FIRST, 3);
        next.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWaitThatRunsOutLetsTheReadGoOn() throws Exception {
        AnsweredSends impatient = new AnsweredSends(new ReadModels(mongo), Duration.ofMillis(200));
        applied(FIRST, 1);
        impatient.answered(FIRST, 2);

        CompletableFuture.runAsync(() -> impatient.awaitConversation(FIRST)).get(5, TimeUnit.SECONDS);
    }
}
