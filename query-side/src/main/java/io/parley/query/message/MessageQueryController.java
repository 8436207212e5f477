package io.parley.query.message;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.parley.kernel.Ids;
import io.parley.kernel.api.EditsView;
import io.parley.kernel.api.MessagePage;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ParleyException;
import io.parley.query.AnsweredSends;
import io.parley.query.PageLimits;
import io.parley.query.ReadModel;
import io.parley.query.ReadModels;
import io.parley.query.Views;
import io.parley.query.conversation.ConversationRecord;
import io.parley.query.conversation.ConversationRecord.Member;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * History pages. A member sees the messages after the one that was last when they joined ({@code visibleAfter})
 * up to the newest; since seqs have no gaps, a page is a range of seqs worked out here and read by {@code _id},
 * as fast at message 100,000 as at message 100.
 */
@RestController
@RequestMapping("/api/message")
class MessageQueryController {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    /** The largest integer a JSON client holds exactly: no seq goes past it. */
    private static final long MAX_SEQ = (1L << 53) - 1;

    private final ReadModels readModels;
    private final AnsweredSends answered;
    private final PageLimits pages;

    MessageQueryController(ReadModels readModels, AnsweredSends answered, PageLimits pages) {
        this.readModels = readModels;
        this.answered = answered;
        this.pages = pages;
    }

    /** Newest first ({@code skip}, or {@code before} a seq); oldest first {@code after} a seq. Cursors exclude. */
    @GetMapping("/{conversationId}")
    MessagePage history(
            Caller caller,
            @PathVariable String conversationId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String skip,
            @RequestParam(required = false) String before,
            @RequestParam(required = false) String after) {
        answered.awaitConversation(conversationId);
        ReadModel model = readModels.live();
        MessageStore messages = model.messages();
        Views views = model.views();
        ConversationRecord conversation = model.conversations()
                .find(Ids.isValid(conversationId) ? conversationId : null)
                .filter(record -> record.visibleTo(caller.userId()))
                .orElseThrow(() -> ParleyException.notFound("conversation not found"));
        Member member = conversation.member(caller.userId())
                .orElseThrow(() -> ParleyException.notFound("conversation not found"));
        int size = pages.parse(limit);
        if (skip != null && (before != null || after != null)) {
            throw ParleyException.validation("skip cannot be combined with a before or after cursor");
        }
        if (before != null && after != null) {
            throw ParleyException.validation("use one cursor: before or after");
        }
        long oldest = member.visibleAfter() + 1;
        long newest = conversation.lastSeq();

        if (after != null) {
            long from = Math.max(number("after", after, MAX_SEQ), oldest - 1) + 1;
            long to = Math.min(from + size - 1, newest);
            List<MessageRecord> page = from <= to ? messages.range(conversationId, from, to) : List.of();
            return new MessagePage(views.messages(page, conversation, caller.userId()), to < newest);
        }
        long top = before != null
                ? Math.min(number("before", before, MAX_SEQ) - 1, newest)
                : newest - number("skip", skip == null ? "0" : skip, Integer.MAX_VALUE);
        long bottom = Math.max(oldest, top - size + 1);
        List<MessageRecord> page = top >= bottom ? messages.range(conversationId, top, bottom) : List.of();
        return new MessagePage(views.messages(page, conversation, caller.userId()), bottom > oldest);
    }

    /**
     * Every version of a message, oldest first (the original with its {@code createdAt}), to a member who may see
     * it; a deleted message has none. A message the caller may not see is {@code not_found}, as elsewhere.
     */
    @GetMapping("/{messageId}/edits")
    EditsView edits(Caller caller, @PathVariable String messageId) {
        answered.awaitAll();
        ReadModel model = readModels.live();
        MessageRecord message = (Ids.isValid(messageId)
                        ? Optional.ofNullable(model.mongo().findById(
                                messageId, MessageIdRecord.class, model.collection(ReadModel.MESSAGE_IDS)))
                        : Optional.<MessageIdRecord>empty())
                .flatMap(location -> model.messages().find(location.conversationId(), location.seq()))
                .filter(found -> model.conversations().find(found.conversationId())
                        .filter(conversation -> conversation.visibleTo(caller.userId()))
                        .flatMap(conversation -> conversation.member(caller.userId()))
                        .filter(member -> found.seq() > member.visibleAfter())
                        .isPresent())
                .orElseThrow(() -> ParleyException.notFound("message not found"));
        if (message.deleted()) {
            return new EditsView(List.of());
        }
        if (message.editCount() == 0) {
            return new EditsView(List.of(new EditsView.Edit(message.content(), message.createdAt())));
        }
        List<String> keys = EditRecord.keys(message.conversationId(), message.seq(), message.editCount());
        Map<String, EditRecord> found = model.mongo()
                .find(query(where("_id").in(keys)), EditRecord.class, model.collection(ReadModel.MESSAGE_EDITS))
                .stream()
                .collect(Collectors.toMap(EditRecord::key, Function.identity()));
        return new EditsView(keys.stream()
                .map(found::get)
                .filter(Objects::nonNull)
                .map(edit -> new EditsView.Edit(edit.content(), edit.editedAt()))
                .toList());
    }

    /**
     * A cursor or offset as sent: digits only (no sign, space or exponent), at most {@code max}; anything else is a
     * {@code validation_failed} naming the parameter.
     */
    private static long number(String name, String value, long max) {
        if (DIGITS.matcher(value).matches()) {
            long parsed = Long.parseLong(value);
            if (parsed <= max) {
                return parsed;
            }
        }
        throw ParleyException.validation("parameter '" + name + "' must be a whole number from 0 to " + max);
    }
}
