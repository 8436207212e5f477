package io.parley.push.feed;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import io.parley.support.infra.OwnReads;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The deployment's feed stream: every fanned-out event once, whatever the size of its conversation, in one document
 * of {@value #COLLECTION} whose {@code _id} is its position (1, 2, 3... for the whole deployment, with no gap: the
 * one feed processor writes it in order) and whose unique key {@code at} is {@code <conversation>/<n>}, its place in
 * that conversation's part of the stream (1, 2, 3... per conversation). Nothing is written per member per event: who
 * hears an event is the conversation's membership at its position ({@link LiveConversations#spansOf}), written only
 * when membership changes. Every read is an exact-key one, which both MongoDB and the embedded store answer from an
 * index: a position by {@code _id}, a conversation's next events by one {@code $in} of consecutive {@code at} keys.
 *
 * <p>A user's catch-up ({@link #reader}) merges, by position, the streams of the few conversations the user was a
 * member of after the cursor, each read from its first event after the cursor (found by halving over the
 * conversation's numbers), so it costs what the user missed, not what the deployment did meanwhile.
 */
@Component
public class FeedStream {

    static final String COLLECTION = "feed_stream";
    /** Events read at once from one conversation's stream after the first page: one {@code $in} of this many keys. */
    private static final int PAGE = 100;
    private static final int FIRST_PAGE = 16;

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> conversations;
    /** A position known to exist (or 0): where the search for the head starts. */
    private final AtomicLong known = new AtomicLong();

    private final LiveConversations memberships;

    public FeedStream(MongoTemplate mongo, LiveConversations memberships) {
        this.memberships = memberships;
        this.events = mongo.getCollection(COLLECTION);
        this.conversations = mongo.getCollection(FeedProjection.STATE);
        events.createIndex(Indexes.ascending("at"), new IndexOptions().unique(true));
    }

    /** The event at the {@code n}-th place of the conversation's stream, if it was stored. */
    FeedEvent at(String conversationId, long n) {
        Document found = events.find(eq("at", key(conversationId, n))).first();
        return found == null ? null : event(found);
    }

    /** {@link #at}, read by the stream's writer (see {@link OwnReads}). */
    FeedEvent ownAt(String conversationId, long n) {
        Document found = events.find(eq("at", key(conversationId, n))).comment(OwnReads.COMMENT).first();
        return found == null ? null : event(found);
    }

    private static Document document(FeedEvent event) {
        Document document = new Document("_id", event.position())
                .append("at", key(event.conversationId(), event.n()))
                .append("conversationId", event.conversationId())
                .append("eventId", event.eventId())
                .append("event", event.event())
                .append("origin", event.origin())
                .append("payload", event.payload());
        if (event.to() != null) {
            document.append("to", event.to());
        }
        return document;
    }

    /**
     * Stores a batch's events, in position order and in one ordered command: an attempt interrupted halfway leaves a
     * prefix of them, which the next attempt finds at their places. Journaled, so that the batch's other writes,
     * applied before, are durable once this is answered. Throws the store's duplicate key error when a position or
     * place is taken (the processor looks for its places first, so that means a second processor wrote meanwhile).
     */
    void insertAll(List<FeedEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        events.insertMany(batch.stream().map(FeedStream::document).toList());
        heard(batch.get(batch.size() - 1).position());
    }

    /** Which of these places ({@link #key}) the stream holds an event at; read by its writer (see {@link OwnReads}). */
    Set<String> heldAt(Collection<String> places) {
        if (places.isEmpty()) {
            return Set.of();
        }
        Set<String> held = new HashSet<>();
        for (Document found : events.find(in("at", List.copyOf(places))).projection(Projections.include("at"))
                .comment(OwnReads.COMMENT)) {
            held.add(found.getString("at"));
        }
        return held;
    }

    /** Notes a position that exists (one heard live, say), so the next search for the head starts there. */
    public void heard(long position) {
        known.accumulateAndGet(position, Math::max);
    }

    /** The position of the stream's last event, 0 while it is empty. */
    public long head() {
        return head(false);
    }

    /** {@link #head}, read by the stream's writer (see {@link OwnReads}). */
    long ownHead() {
        return head(true);
    }

    private long head(boolean own) {
        long present = known.get();
        long step = 1;
        while (has(present + step, own)) {
            present += step;
            step *= 2;
        }
        long absent = present + step;
        while (absent - present > 1) {
            long middle = present + (absent - present) / 2;
            if (has(middle, own)) {
                present = middle;
            } else {
                absent = middle;
            }
        }
        heard(present);
        return present;
    }

    /** Whether the stream has an event at that position: a cursor a client holds names one (or the start, 0). */
    public boolean has(long position) {
        return has(position, false);
    }

    private boolean has(long position, boolean own) {
        if (position <= 0) {
            return position == 0;
        }
        FindIterable<Document> found = events.find(eq("_id", position)).projection(Projections.include("_id"));
        return (own ? found.comment(OwnReads.COMMENT) : found).first() != null;
    }

    /**
     * What {@code userId} hears of the stream after {@code after} up to {@code upTo} (both positions), in order, a
     * page at a time: the events of the conversations the user was a member of at each event's position.
     */
    public Reader reader(String userId, long after, long upTo) {
        List<LiveConversations.Span> spans = memberships.spansOf(userId);
        Map<String, List<LiveConversations.Span>> byConversation = new HashMap<>();
        for (LiveConversations.Span span : spans) {
            if (span.to() > after && span.from() <= upTo) {
                byConversation.computeIfAbsent(span.conversationId(), id -> new ArrayList<>()).add(span);
            }
        }
        List<Part> parts = new ArrayList<>();
        byConversation.forEach((conversationId, conversationSpans) -> {
            long lowest = conversationSpans.stream().mapToLong(LiveConversations.Span::from).min().orElseThrow();
            long highest = conversationSpans.stream().mapToLong(LiveConversations.Span::to).max().orElseThrow();
            long from = Math.max(after, lowest - 1);
            parts.add(new Part(conversationId, conversationSpans, firstAfter(conversationId, from),
                    Math.min(upTo, highest)));
        });
        return new Reader(userId, parts);
    }

    /** The number of the conversation's first event after {@code position}: halving over what its state says. */
    private long firstAfter(String conversationId, long position) {
        // a conversation id of ObjectId form is stored as an ObjectId (Spring Data's mapping of the state)
        List<Object> ids = ObjectId.isValid(conversationId)
                ? List.of(conversationId, new ObjectId(conversationId)) : List.of(conversationId);
        Document state = conversations.find(in("_id", ids))
                .projection(Projections.include("head", "position")).first();
        long head = state == null ? 0 : number(state, "head");
        if (head == 0 || number(state, "position") <= position) {
            // events stored after the state was last saved are read on from there
            return head + 1;
        }
        long notAfter = 0;
        long after = head;
        while (after - notAfter > 1) {
            long middle = notAfter + (after - notAfter) / 2;
            FeedEvent event = at(conversationId, middle);
            if (event == null) {
                throw new IllegalStateException("the feed stream of " + conversationId + " has no event " + middle);
            }
            if (event.position() <= position) {
                notAfter = middle;
            } else {
                after = middle;
            }
        }
        return after;
    }

    /** The conversation's events from place {@code n} on, up to {@code limit}; fewer when its stream ends sooner. */
    private List<FeedEvent> page(String conversationId, long n, int limit) {
        List<String> keys = LongStream.range(n, n + limit).mapToObj(next -> key(conversationId, next)).toList();
        Map<Long, FeedEvent> found = new HashMap<>();
        for (Document document : events.find(in("at", keys))) {
            FeedEvent event = event(document);
            found.put(event.n(), event);
        }
        List<FeedEvent> page = new ArrayList<>();
        for (long next = n; found.containsKey(next); next++) {
            page.add(found.get(next));
        }
        return page;
    }

    /** One user's catch-up: the conversations' streams merged by position. Not safe for concurrent use. */
    public final class Reader {

        private final String userId;
        private final PriorityQueue<Part> parts =
                new PriorityQueue<>((a, b) -> Long.compare(a.peek().position(), b.peek().position()));

        private Reader(String userId, List<Part> all) {
            this.userId = userId;
            all.stream().filter(Part::fill).forEach(parts::add);
        }

        /** Up to {@code limit} of the next events the user hears, in order; none once everything was read. */
        public List<FeedEvent> next(int limit) {
            List<FeedEvent> next = new ArrayList<>();
            while (next.size() < limit && !parts.isEmpty()) {
                Part part = parts.poll();
                FeedEvent event = part.take();
                if (part.heard(userId, event)) {
                    next.add(event);
                }
                if (part.fill()) {
                    parts.add(part);
                }
            }
            return next;
        }
    }

    /** One conversation's stream as a reader goes through it. */
    private final class Part {

        private final String conversationId;
        private final List<LiveConversations.Span> spans;
        private final long upTo;
        private final Deque<FeedEvent> buffered = new ArrayDeque<>();
        private long nextN;
        private boolean read;
        private boolean ended;

        Part(String conversationId, List<LiveConversations.Span> spans, long firstN, long upTo) {
            this.conversationId = conversationId;
            this.spans = spans;
            this.nextN = firstN;
            this.upTo = upTo;
        }

        /** Has an event buffered for the reader, reading the next page when needed; false once it is done. */
        boolean fill() {
            if (buffered.isEmpty() && !ended) {
                List<FeedEvent> page = page(conversationId, nextN, read ? PAGE : FIRST_PAGE);
                read = true;
                for (FeedEvent event : page) {
                    if (event.position() > upTo) {
                        ended = true;
                        break;
                    }
                    buffered.add(event);
                }
                nextN += page.size();
                ended |= page.isEmpty();
            }
            return !buffered.isEmpty();
        }

        FeedEvent peek() {
            return buffered.peekFirst();
        }

        FeedEvent take() {
            return buffered.pollFirst();
        }

        boolean heard(String userId, FeedEvent event) {
            return event.reaches(userId) && spans.stream().anyMatch(span -> span.covers(event.position()));
        }
    }

    private static FeedEvent event(Document document) {
        String at = document.getString("at");
        return new FeedEvent(number(document, "_id"), document.getString("conversationId"),
                Long.parseLong(at.substring(at.lastIndexOf('/') + 1)), document.getString("eventId"),
                document.getString("event"), document.getString("origin"), document.getString("payload"),
                document.getList("to", String.class));
    }

    private static long number(Document document, String field) {
        Object value = document.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** An event's place in its conversation's part of the stream: the unique key {@code at}. */
    static String key(String conversationId, long n) {
        return conversationId + "/" + n;
    }
}
