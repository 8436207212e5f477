package io.parley.query.conversation;

import io.parley.kernel.Ids;
import io.parley.kernel.api.ConversationPage;
import io.parley.kernel.api.ConversationView;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ParleyException;
import io.parley.query.PageLimits;
import io.parley.query.Views;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/conversation")
class ConversationQueryController {

    private final MongoTemplate mongo;
    private final ConversationStore conversations;
    private final Views views;
    private final PageLimits pages;

    ConversationQueryController(MongoTemplate mongo, ConversationStore conversations, Views views, PageLimits pages) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.views = views;
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
        Document index = mongo.findById(caller.userId(), Document.class, ConversationProjection.USER_CONVERSATIONS);
        List<String> candidates = index == null ? List.of() : index.getList("conversations", String.class);
        List<ConversationRecord> found = conversations.findAll(candidates).stream()
                .filter(record -> record.visibleTo(caller.userId()))
                .filter(record -> cursor == null || cursor.isAfter(record))
                .sorted(ConversationCursor.NEWEST_FIRST)
                .limit(pageSize + 1L)
                .toList();
        boolean hasMore = found.size() > pageSize;
        return new ConversationPage(
                views.conversations(found.stream().limit(pageSize).toList(), caller.userId()), hasMore);
    }

    @GetMapping("/{id}")
    ConversationView get(Caller caller, @PathVariable String id) {
        return conversations.find(Ids.isValid(id) ? id : null)
                .filter(record -> record.visibleTo(caller.userId()))
                .map(record -> views.conversation(record, caller.userId()))
                .orElseThrow(() -> ParleyException.notFound("conversation not found"));
    }
}
