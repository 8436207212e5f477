package io.parley.query.message;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.springframework.data.mongodb.core.MongoTemplate;

/** One generation's {@code messages}, by conversation and seq, always through {@code _id}. */
public class MessageStore {

    /** How many ids one {@code $in} read asks for at most. */
    private static final int CHUNK = 500;

    private final MongoTemplate mongo;
    private final String collection;

    public MessageStore(MongoTemplate mongo, String collection) {
        this.mongo = mongo;
        this.collection = collection;
    }

    public Optional<MessageRecord> find(String conversationId, long seq) {
        return Optional.ofNullable(
                mongo.findById(MessageRecord.key(conversationId, seq), MessageRecord.class, collection));
    }

    /** The messages with seqs {@code from..to} (inclusive, either order), in the order asked for. */
    public List<MessageRecord> range(String conversationId, long from, long to) {
        List<String> keys = keys(conversationId, from, to);
        List<MessageRecord> found = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += CHUNK) {
            found.addAll(mongo.find(
                    query(where("_id").in(keys.subList(start, Math.min(keys.size(), start + CHUNK)))),
                    MessageRecord.class, collection));
        }
        Comparator<MessageRecord> bySeq = Comparator.comparingLong(MessageRecord::seq);
        found.sort(from <= to ? bySeq : bySeq.reversed());
        return found;
    }

    /** The keys of the messages with seqs {@code from..to} (inclusive, either order), in the order asked for. */
    public static List<String> keys(String conversationId, long from, long to) {
        LongStream seqs = from <= to
                ? LongStream.rangeClosed(from, to)
                : LongStream.rangeClosed(to, from).map(seq -> from + to - seq);
        return seqs.mapToObj(seq -> MessageRecord.key(conversationId, seq)).toList();
    }

    public List<MessageRecord> findAll(List<String> keys) {
        return keys.isEmpty()
                ? List.of()
                : mongo.find(query(where("_id").in(keys)), MessageRecord.class, collection);
    }
}
