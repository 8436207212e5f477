package io.parley.push.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** A user's feed is numbered 1, 2, 3... without a gap or a repeat, whoever writes it. */
class UserFeedsTest {

    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        mongo = new MongoTemplate(client, "test");
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdown();
    }

    @Test
    void canNumberEntriesWithoutAGapWhenTwoWritersAppendInTurn() {
        UserFeeds one = new UserFeeds(mongo);
        UserFeeds two = new UserFeeds(mongo);
        for (int i = 0; i < 20; i++) {
            // each writer's cached head is stale whenever the other wrote last
            (i % 3 == 0 ? two : one).append("bob", "e" + i, "new_message", null, "{}");
        }
        assertThat(one.after("bob", 0, 100)).extracting(FeedEntry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(one.after("bob", 0, 100)).extracting(FeedEntry::eventId).doesNotHaveDuplicates();
    }

    @Test
    void cannotAppendAnEventTwiceToOneFeed() {
        UserFeeds feeds = new UserFeeds(mongo);
        FeedEntry first = feeds.append("bob", "e1", "new_message", null, "{}");
        feeds.append("bob", "e2", "new_message", null, "{}");

        assertThat(new UserFeeds(mongo).append("bob", "e1", "new_message", null, "{}")).isEqualTo(first);
        assertThat(feeds.after("bob", 0, 10)).hasSize(2);
        assertThat(feeds.append("alice", "e1", "new_message", null, "{}").seq()).as("another user's feed").isEqualTo(1);
    }

    @Test
    void canFindTheHeadAndReadPagesInOrder() {
        UserFeeds feeds = new UserFeeds(mongo);
        assertThat(feeds.head("bob")).isZero();
        for (int i = 1; i <= 37; i++) {
            feeds.append("bob", "e" + i, "new_message", null, "{}");
        }
        assertThat(new UserFeeds(mongo).head("bob")).isEqualTo(37);
        assertThat(feeds.after("bob", 30, 5)).extracting(FeedEntry::seq).containsExactly(31L, 32L, 33L, 34L, 35L);
        assertThat(feeds.after("bob", 35, 10)).extracting(FeedEntry::seq).containsExactly(36L, 37L);
        assertThat(feeds.has("bob", 37)).isTrue();
        assertThat(feeds.has("bob", 38)).isFalse();
        assertThat(feeds.has("bob", 0)).as("the start of every feed").isTrue();
    }
}
