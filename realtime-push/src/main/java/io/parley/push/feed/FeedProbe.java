package io.parley.push.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.api.ConsistencyProbe;
import io.parley.kernel.api.ConversationHolding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The feed for the consistency audit: each conversation's version (the last event fanned out to its members'
 * feeds) and the {@code new_message} events kept for them. Two scans of whole collections: an operator's check.
 */
@RestController
class FeedProbe implements ConsistencyProbe {

    private final MongoTemplate mongo;
    private final ObjectMapper json;

    FeedProbe(MongoTemplate mongo, ObjectMapper json) {
        this.mongo = mongo;
        this.json = json;
    }

    @Override
    public String name() {
        return "feed";
    }

    /** Also served to the command side's audit when the services run apart, behind the internal secret. */
    @Override
    @GetMapping("/internal/consistency/feed")
    public List<ConversationHolding> holdings() {
        Map<String, long[]> messages = new HashMap<>();
        mongo.getCollection(UserFeeds.EVENTS).find(new Document("event", "new_message")).forEach(kept -> {
            long[] counted = messages.computeIfAbsent(String.valueOf(kept.get("conversationId")), id -> new long[2]);
            counted[0]++;
            counted[1] = Math.max(counted[1], seqOf(kept.getString("payload")));
        });
        List<ConversationHolding> holdings = new ArrayList<>();
        mongo.getCollection(FeedProjection.STATE).find().projection(new Document("version", 1)).forEach(state -> {
            String id = String.valueOf(state.get("_id")); // an ObjectId where the id has that form
            long[] counted = messages.remove(id);
            holdings.add(new ConversationHolding(id, ((Number) state.get("version")).longValue(),
                    counted == null ? 0 : counted[0], counted == null ? 0 : counted[1]));
        });
        messages.forEach((id, counted) -> holdings.add(new ConversationHolding(id, -1, counted[0], counted[1])));
        return holdings;
    }

    private long seqOf(String payload) {
        try {
            return json.readTree(payload).path("message").path("seq").asLong(-1);
        } catch (JsonProcessingException e) {
            return -1;
        }
    }
}
