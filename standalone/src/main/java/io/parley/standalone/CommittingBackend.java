package io.parley.standalone;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import io.parley.support.infra.OwnReads;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The embedded store with an answer that is a promise: a write is answered only once it is committed to the store's
 * file, and a read only once everything it could have seen is (see {@link GroupCommit}). H2 MVStore on its own
 * commits in the background about once a second, so a {@code kill -9} lost writes it had already answered, while the
 * Kafka publisher had read them and Kafka kept them.
 *
 * <p>Commands are sorted by name: every command but the read-only ones below is treated as a write. A read waits
 * only where what it returns leaves the store without a write of its own behind it: reads of the
 * {@code forwarded} collections (the event store, which the Kafka publisher forwards, and the feeds, which sockets
 * deliver), unless marked as a writer's read of its own documents ({@link OwnReads}). Any other reader that acts on
 * what it saw does so by writing, and that write's commit covers everything applied before it, so a projection that
 * read an uncommitted document never stores anything that outlives it.
 *
 * <p>A write that asks for no journal ({@code writeConcern: {j: false}}) is answered once applied, without waiting
 * for its commit: the read models write so (see {@code ReadModelBatch}), since what they write is derived from the
 * event log and their processor's token, written after them and journaled, is committed with them. The next commit,
 * whoever's, covers them; a crash before it loses only what the processor will write again.
 */
final class CommittingBackend implements MongoBackend {

    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "aggregate", "count", "distinct", "getmore", "listcollections", "listindexes", "listdatabases",
            "ping", "hello", "ismaster", "buildinfo", "serverstatus", "dbstats", "collstats", "killcursors",
            "endsessions", "getparameter", "getlasterror", "getlog", "hostinfo", "whatsmyuri", "connectionstatus",
            "getcmdlineopts", "getfreemonitoringstatus", "saslstart", "saslcontinue");

    private final MongoBackend store;
    private final GroupCommit commits;
    private final Set<String> forwarded;

    CommittingBackend(MongoBackend store, GroupCommit commits, Set<String> forwarded) {
        this.store = store;
        this.commits = commits;
        this.forwarded = forwarded;
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return answerDurably(message.getDocument(), () -> store.handleMessage(message));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return answerDurably(query, () -> store.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        // the legacy query opcode only reads; commands sent through it arrive at handleCommand
        QueryResult result = store.handleQuery(query);
        if (forwarded.contains(query.getCollectionName())) {
            commits.awaitDurable(commits.visibleNow());
        }
        return result;
    }

    private <T> T answerDurably(Document command, Supplier<T> work) {
        String name = command.isEmpty() ? null : command.keySet().iterator().next();
        if (name != null && READ_ONLY_COMMANDS.contains(name.toLowerCase())) {
            T answer = work.get();
            if (forwarded.contains(collectionOf(name, command)) && !OwnReads.COMMENT.equals(command.get("comment"))) {
                commits.awaitDurable(commits.visibleNow());
            }
            return answer;
        }
        long ticket = commits.beginWrite();
        try {
            return work.get();
        } finally {
            // a failed write may have applied part of itself (an ordered insert stops at the first duplicate)
            commits.applied();
            if (!unjournaled(command)) {
                commits.awaitDurable(ticket);
            }
        }
    }

    private static boolean unjournaled(Document command) {
        return command.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
    }

    /** {@code find: "events"}, {@code aggregate: "events"}; a cursor's further pages name it in {@code collection}. */
    private static Object collectionOf(String name, Document command) {
        return name.equalsIgnoreCase("getMore") ? command.get("collection") : command.get(name);
    }

    @Override
    public void handleClose(Channel channel) {
        store.handleClose(channel);
    }

    @Override
    public void dropDatabase(String database) {
        answerDurably(new Document("dropDatabase", 1), () -> {
            store.dropDatabase(database);
            return null;
        });
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return store.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return store.getServerStatus();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        store.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return store.getClock();
    }

    @Override
    public void enableOplog() {
        store.enableOplog();
    }

    @Override
    public void disableOplog() {
        store.disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return store.resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        store.version(version);
        return this;
    }
}
