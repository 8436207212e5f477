package io.parley.query.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.query.ReadModel;
import io.parley.testing.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/** At-least-once delivery: every event applied twice, or late, leaves the same read model as once, in order. */
class ConversationProjectionTest {

    private static final String ID = "650000000000000000000001";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoTemplate mongo;
    private ConversationStore store;
    private ConversationProjection projection;

    @BeforeEach
    void setUp() {
        mongo = inMemoryMongo.template();
        ReadModel model = new ReadModel(mongo, 1);
        store = model.conversations();
        projection = new ConversationProjection(() -> model);
    }

    private void applyHistory(boolean twice) {
        var created = new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "team", T0);
        var added = new ParticipantAddedEvent(ID, "carol", "alice", T0.plusSeconds(1));
        var removed = new ParticipantRemovedEvent(ID, "carol", "alice", T0.plusSeconds(2));
        var deleted = new ConversationDeletedEvent(ID, "alice", T0.plusSeconds(3));
        for (int round = 0; round < (twice ? 2 : 1); round++) {
            projection.on(created, 0);
            projection.on(added, 1);
            projection.on(removed, 2);
        }
        projection.on(deleted, 3);
        if (twice) {
            projection.on(deleted, 3);
        }
    }

    @Test
    void canApplyEveryEventTwiceWithoutChange() {
        applyHistory(false);
        ConversationRecord once = store.find(ID).orElseThrow();
        mongo.dropCollection(ReadModel.CONVERSATIONS);

        applyHistory(true);
        ConversationRecord twice = store.find(ID).orElseThrow();

        assertThat(twice).isEqualTo(once);
        assertThat(twice.participants()).containsExactly("alice", "bob");
        assertThat(twice.deleted()).isTrue();
        assertThat(twice.version()).isEqualTo(3);
    }

    @Test
    void cannotMoveBackWhenAnOlderEventArrivesLate() {
        projection.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, null, T0), 0);
        projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0.plusSeconds(1)), 1);
        projection.on(new ParticipantRemovedEvent(ID, "carol", "alice", T0.plusSeconds(2)), 2);

        projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0.plusSeconds(1)), 1);

        ConversationRecord record = store.find(ID).orElseThrow();
        assertThat(record.participants()).containsExactly("alice", "bob");
        assertThat(record.updatedAt()).isEqualTo(T0.plusSeconds(2));
    }
}
