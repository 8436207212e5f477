package io.parley.push.feed;

import java.util.List;

/**
 * What the feed processor tells every push node after it stored an event in the feed stream: the event and who
 * hears it. One record per event, however large the group. {@code continuousSince} is the receiving node's own
 * note, not sent: the position from which its reader has had every record, with none missing in between.
 */
public record AppendedEvent(FeedEvent event, List<String> recipients, long continuousSince) {

    AppendedEvent continuousSince(long position) {
        return new AppendedEvent(event, recipients, position);
    }
}
