package io.parley.query.message;

import io.parley.kernel.Ids;
import io.parley.kernel.api.MessagePage;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ParleyException;
import io.parley.query.PageLimits;
import io.parley.query.ReadModel;
import io.parley.query.ReadModels;
import io.parley.query.Views;
import io.parley.query.conversation.ConversationRecord;
import io.parley.query.conversation.ConversationRecord.Member;
import java.util.List;
import java.util.regex.Pattern;
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
    private final PageLimits pages;

    MessageQueryController(ReadModels readModels, PageLimits pages) {
        this.readModels = readModels;
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
            return new MessagePage(page.stream().map(m -> views.message(m, conversation)).toList(), to < newest);
        }
        long top = before != null
                ? Math.min(number("before", before, MAX_SEQ) - 1, newest)
                : newest - number("skip", skip == null ? "0" : skip, Integer.MAX_VALUE);
        long bottom = Math.max(oldest, top - size + 1);
        List<MessageRecord> page = top >= bottom ? messages.range(conversationId, top, bottom) : List.of();
        return new MessagePage(page.stream().map(m -> views.message(m, conversation)).toList(), bottom > oldest);
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
