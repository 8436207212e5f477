package io.parley.push.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testing.InMemoryMongo;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/** A user's feed is numbered 1, 2, 3... without a gap or a repeat, whoever writes it. */
class UserFeedsTest {

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoTemplate mongo;

    @BeforeEach
    void setUp() {
        mongo = inMemoryMongo.template();
    }

    private static FeedEvent event(String eventId) {
        return new FeedEvent(eventId, "c1", "new_message", null, "{\"message\":{}}");
    }

    @Test
    void canNumberEntriesWithoutAGapWhenTwoWritersAppendInTurn() {
        UserFeeds one = new UserFeeds(mongo);
        UserFeeds two = new UserFeeds(mongo);
        for (int i = 0; i < 20; i++) {
            // each writer's cached head is stale whenever the other wrote last
            UserFeeds writer = i % 3 == 0 ? two : one;
            writer.keep(event("e" + i));
            writer.append("bob", "e" + i);
        }
        assertThat(one.after("bob", 0, 100)).extracting(FeedEntry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(one.after("bob", 0, 100)).extracting(FeedEntry::eventId).doesNotHaveDuplicates();
    }

    @Test
    void cannotAppendAnEventTwiceToOneFeed() {
        UserFeeds feeds = new UserFeeds(mongo);
        feeds.keep(event("e1"));
        feeds.keep(event("e2"));
        assertThat(feeds.append("bob", "e1")).isEqualTo(1);
        assertThat(feeds.append("bob", "e2")).isEqualTo(2);

        feeds.keep(event("e1"));
        assertThat(new UserFeeds(mongo).append("bob", "e1")).as("a redelivery").isEqualTo(1);
        assertThat(feeds.after("bob", 0, 10)).extracting(FeedEntry::eventId).containsExactly("e1", "e2");
        assertThat(feeds.append("alice", "e1")).as("another user's feed").isEqualTo(1);
    }

    @Test
    void canFindTheHeadAndReadPagesInOrder() {
        UserFeeds feeds = new UserFeeds(mongo);
        assertThat(feeds.head("bob")).isZero();
        for (int i = 1; i <= 37; i++) {
            feeds.keep(event("e" + i));
            feeds.append("bob", "e" + i);
        }
        assertThat(new UserFeeds(mongo).head("bob")).isEqualTo(37);
        assertThat(feeds.after("bob", 30, 5)).extracting(FeedEntry::seq).containsExactly(31L, 32L, 33L, 34L, 35L);
        assertThat(feeds.after("bob", 35, 10)).extracting(FeedEntry::seq).containsExactly(36L, 37L);
        assertThat(feeds.has("bob", 37)).isTrue();
        assertThat(feeds.has("bob", 38)).isFalse();
        assertThat(feeds.has("bob", 0)).as("the start of every feed").isTrue();
    }
}
