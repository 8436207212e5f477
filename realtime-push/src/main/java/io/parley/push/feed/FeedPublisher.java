package io.parley.push.feed;

/** Where the feed processor sends each event it appended, for the push nodes to deliver live ({@link LiveFeed}). */
public interface FeedPublisher {

    void publish(AppendedEvent appended);
}
