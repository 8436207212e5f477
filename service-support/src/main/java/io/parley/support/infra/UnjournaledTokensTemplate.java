package io.parley.support.infra;

import com.mongodb.client.MongoCollection;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.bson.Document;

/**
 * Axon's collections as the service's durable write concern has them, except the processors' tracking tokens, which
 * are written without waiting for the journal. A token only says how far a processor got, and everything it covers
 * is either derived and written before it (a read model's batch, the feed's) or in Kafka already (the publisher's):
 * one journal, in order, makes those durable no later than the token, and a token a crash loses only has its batch
 * handled again, which every consumer tolerates. On the embedded store a journaled write waits for a commit of the
 * file; each processor's batch no longer does. On MongoDB with {@code w: majority} the majority still waits for the
 * journal (its default), so only a single node's token writes get faster.
 */
final class UnjournaledTokensTemplate implements MongoTemplate {

    private final MongoTemplate durable;

    UnjournaledTokensTemplate(MongoTemplate durable) {
        this.durable = durable;
    }

    @Override
    public MongoCollection<Document> trackingTokensCollection() {
        MongoCollection<Document> tokens = durable.trackingTokensCollection();
        return tokens.withWriteConcern(tokens.getWriteConcern().withJournal(false));
    }

    @Override
    public MongoCollection<Document> eventCollection() {
        return durable.eventCollection();
    }

    @Override
    public MongoCollection<Document> snapshotCollection() {
        return durable.snapshotCollection();
    }

    @Override
    public MongoCollection<Document> sagaCollection() {
        return durable.sagaCollection();
    }

    @Override
    public MongoCollection<Document> deadLetterCollection() {
        return durable.deadLetterCollection();
    }
}
