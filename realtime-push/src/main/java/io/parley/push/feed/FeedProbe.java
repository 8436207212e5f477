package io.parley.push.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.api.ConsistencyProbe;
import io.parley.kernel.api.ConversationHolding;
import io.parley.kernel.api.HoldingsTally;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The feed for the consistency audit: each conversation's version (the last event fanned out) and the
 * {@code new_message} events of the feed stream. Two scans of whole collections: an operator's check.
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
        HoldingsTally tally = new HoldingsTally();
        mongo.getCollection(FeedStream.COLLECTION).find(new Document("event", "new_message")).forEach(kept ->
                tally.message(String.valueOf(kept.get("conversationId")), seqOf(kept.getString("payload"))));
        // String.valueOf: an id of ObjectId form is stored as an ObjectId
        mongo.getCollection(FeedProjection.STATE).find().projection(new Document("version", 1)).forEach(state ->
                tally.conversation(String.valueOf(state.get("_id")), ((Number) state.get("version")).longValue()));
        return tally.holdings();
    }

    private long seqOf(String payload) {
        try {
            return json.readTree(payload).path("message").path("seq").asLong(-1);
        } catch (JsonProcessingException e) {
            return -1;
        }
    }
}
