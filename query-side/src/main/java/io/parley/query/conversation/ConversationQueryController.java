package io.parley.query.conversation;

import io.parley.kernel.Ids;
import io.parley.kernel.api.ConversationPage;
import io.parley.kernel.api.ConversationView;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ParleyException;
import io.parley.query.AnsweredSends;
import io.parley.query.PageLimits;
import io.parley.query.ReadModel;
import io.parley.query.ReadModels;
import java.util.List;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/conversation")
class ConversationQueryController {

    private final ReadModels readModels;
    private final AnsweredSends answered;
    private final PageLimits pages;

    ConversationQueryController(ReadModels readModels, AnsweredSends answered, PageLimits pages) {
        this.readModels = readModels;
        this.answered = answered;
        this.pages = pages;
    }

    /**
     * The caller's live conversations, most recent activity first, a page after {@code before} (see
     * {@link ConversationCursor}).
     * Read by {@code _id}: the caller's index document, then its conversations, so the cost follows the caller's
     * conversations, not everyone's.
     */
    @GetMapping
    ConversationPage list(
            Caller caller,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        int pageSize = pages.parse(limit);
        ConversationCursor cursor = before == null ? null : ConversationCursor.parse(before);
        answered.awaitAll();
        ReadModel model = readModels.live();
        Document index = model.mongo().findById(
                caller.userId(), Document.class, model.collection(ReadModel.USER_CONVERSATIONS));
        List<String> candidates = index == null ? List.of() : index.getList("conversations", String.class);
        List<ConversationRecord> found = model.conversations().findAll(candidates).stream()
                .filter(record -> record.visibleTo(caller.userId()))
                .filter(record -> cursor == null || cursor.isAfter(record))
                .sorted(ConversationCursor.NEWEST_FIRST)
                .limit(pageSize + 1L)
                .toList();
        boolean hasMore = found.size() > pageSize;
        return new ConversationPage(
                model.views().conversations(found.stream().limit(pageSize).toList(), caller.userId()), hasMore);
    }

    @GetMapping("/{id}")
    ConversationView get(Caller caller, @PathVariable String id) {
        answered.awaitConversation(id);
        ReadModel model = readModels.live();
        return model.conversations().find(Ids.isValid(id) ? id : null)
                .filter(record -> record.visibleTo(caller.userId()))
                .map(record -> model.views().conversation(record, caller.userId()))
                .orElseThrow(() -> ParleyException.notFound("conversation not found"));
    }
}
