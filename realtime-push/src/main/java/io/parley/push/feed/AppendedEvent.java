package io.parley.push.feed;

import java.util.Map;

/**
 * What the feed processor tells every push node after it appended an event: the event, and its seq in the feed of
 * each recipient. One record per event, however large the group.
 */
public record AppendedEvent(FeedEvent event, Map<String, Long> seqByUser) {

    /** The entry of one recipient's feed. */
    public FeedEntry entryOf(String userId) {
        return new FeedEntry(userId, seqByUser.get(userId), event.eventId(), event.event(), event.origin(),
                event.payload());
    }
}
