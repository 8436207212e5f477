package io.parley.query.audit;

import io.parley.kernel.api.ConsistencyProbe;
import io.parley.kernel.api.ConversationHolding;
import io.parley.query.ReadModel;
import io.parley.query.ReadModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code conversations} read model (the live generation) for the consistency audit: each conversation's
 * version and the messages stored under it. Two scans of whole collections: an operator's check, not a hot path.
 */
@RestController
class ReadModelProbe implements ConsistencyProbe {

    private final ReadModels readModels;

    ReadModelProbe(ReadModels readModels) {
        this.readModels = readModels;
    }

    @Override
    public String name() {
        return "conversations";
    }

    /** Also served to the command side's audit when the services run apart, behind the internal secret. */
    @Override
    @GetMapping("/internal/consistency/conversations")
    public List<ConversationHolding> holdings() {
        ReadModel model = readModels.live();
        Map<String, long[]> messages = new HashMap<>();
        Document fields = new Document("conversationId", 1).append("seq", 1);
        model.mongo().getCollection(model.collection(ReadModel.MESSAGES)).find().projection(fields)
                .forEach(message -> {
                    String conversationId = String.valueOf(message.get("conversationId"));
                    long[] counted = messages.computeIfAbsent(conversationId, id -> new long[2]);
                    counted[0]++;
                    counted[1] = Math.max(counted[1], ((Number) message.get("seq")).longValue());
                });
        List<ConversationHolding> holdings = new ArrayList<>();
        model.mongo().getCollection(model.collection(ReadModel.CONVERSATIONS)).find()
                .projection(new Document("version", 1))
                .forEach(conversation -> {
                    String id = String.valueOf(conversation.get("_id")); // an ObjectId where the id has that form
                    long[] counted = messages.remove(id);
                    holdings.add(new ConversationHolding(id, ((Number) conversation.get("version")).longValue(),
                            counted == null ? 0 : counted[0], counted == null ? 0 : counted[1]));
                });
        // messages of a conversation the model does not know: a difference the audit must show, version unknown
        messages.forEach((id, counted) -> holdings.add(new ConversationHolding(id, -1, counted[0], counted[1])));
        return holdings;
    }
}
