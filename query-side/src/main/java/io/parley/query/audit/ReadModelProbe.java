package io.parley.query.audit;

import io.parley.kernel.api.ConsistencyProbe;
import io.parley.kernel.api.ConversationHolding;
import io.parley.kernel.api.HoldingsTally;
import io.parley.query.ReadModel;
import io.parley.query.ReadModels;
import java.util.List;
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
        HoldingsTally tally = new HoldingsTally();
        Document fields = new Document("conversationId", 1).append("seq", 1);
        model.mongo().getCollection(model.collection(ReadModel.MESSAGES)).find().projection(fields).forEach(message ->
                tally.message(String.valueOf(message.get("conversationId")), ((Number) message.get("seq")).longValue()));
        // String.valueOf: an id of ObjectId form is stored as an ObjectId
        model.mongo().getCollection(model.collection(ReadModel.CONVERSATIONS)).find()
                .projection(new Document("version", 1))
                .forEach(conversation -> tally.conversation(String.valueOf(conversation.get("_id")),
                        ((Number) conversation.get("version")).longValue()));
        return tally.holdings();
    }
}
