package io.parley.push.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.testing.InMemoryMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The feed processor's parts on a store, for tests: drives the projection with conversation events (each with its
 * next version, as the aggregate numbers them), keeps what it published, and counts the commands the store got.
 */
public final class FeedTestbed {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    private final MongoTemplate mongo;
    private final LiveConversations memberships;
    private final FeedStream stream;
    private final FeedProjection projection;
    private final FeedAnswers answers;
    private final List<AppendedEvent> published = new ArrayList<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    public FeedTestbed(String connectionString, ObjectMapper json) {
        CommandListener counting = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (WRITES.contains(event.getCommandName())) {
                    writes.incrementAndGet();
                } else if (event.getCommandName().equals("find")) {
                    reads.incrementAndGet();
                }
            }
        };
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString)).addCommandListener(counting).build());
        this.mongo = new MongoTemplate(client, InMemoryMongo.DATABASE);
        this.memberships = new LiveConversations(mongo);
        this.stream = new FeedStream(mongo, memberships);
        this.answers = new FeedAnswers(mongo, Duration.ofSeconds(5));
        this.projection = new FeedProjection(mongo, stream, published::add, memberships, answers, json);
    }

    public FeedTestbed(MongoTemplate mongo, ObjectMapper json) {
        this.mongo = mongo;
        this.memberships = new LiveConversations(mongo);
        this.stream = new FeedStream(mongo, memberships);
        this.answers = new FeedAnswers(mongo, Duration.ofSeconds(5));
        this.projection = new FeedProjection(mongo, stream, published::add, memberships, answers, json);
    }

    public FeedStream stream() {
        return stream;
    }

    /** What the projection tells of the versions it stored. */
    FeedAnswers answers() {
        return answers;
    }

    FeedProjection projection() {
        return projection;
    }

    MongoTemplate mongo() {
        return mongo;
    }

    LiveConversations memberships() {
        return memberships;
    }

    public List<AppendedEvent> published() {
        return published;
    }

    /** The store's find commands so far (reset it to count from a moment on). */
    public AtomicInteger reads() {
        return reads;
    }

    /** The store's insert, update and delete commands so far. */
    public AtomicInteger writes() {
        return writes;
    }

    /** A new group of these members, the first its creator; its id. */
    public String create(List<String> participants) {
        String id = String.format("65%022d", ids.incrementAndGet());
        versions.put(id, 0L);
        projection.on(new ConversationCreatedEvent(id, participants.get(0), participants, true, "g", T0), 0,
                "created-" + id);
        return id;
    }

    /** A message from {@code sender}, over the socket connection {@code origin} (or null); what was published. */
    public AppendedEvent send(String conversationId, String sender, String origin) {
        long version = next(conversationId);
        projection.on(sent(conversationId, version, sender), version, eventId(conversationId, version), origin);
        return published.get(published.size() - 1);
    }

    public AppendedEvent add(String conversationId, String userId) {
        long version = next(conversationId);
        projection.on(new ParticipantAddedEvent(conversationId, userId, "alice", T0), version,
                eventId(conversationId, version));
        return published.get(published.size() - 1);
    }

    public AppendedEvent remove(String conversationId, String userId) {
        long version = next(conversationId);
        projection.on(new ParticipantRemovedEvent(conversationId, userId, "alice", T0), version,
                eventId(conversationId, version));
        return published.get(published.size() - 1);
    }

    static MessageSentEvent sent(String conversationId, long seq, String sender) {
        return new MessageSentEvent(conversationId, String.format("66%022d", seq), seq, sender, "m" + seq, List.of(),
                "c" + seq, T0.plusSeconds(seq));
    }

    static String eventId(String conversationId, long version) {
        return conversationId + "-e" + version;
    }

    /** Everything the user hears of the stream, from its start. */
    public List<FeedEvent> feedOf(String userId) {
        return stream.reader(userId, 0, Long.MAX_VALUE).next(Integer.MAX_VALUE);
    }

    private long next(String conversationId) {
        return versions.merge(conversationId, 1L, Long::sum);
    }
}
