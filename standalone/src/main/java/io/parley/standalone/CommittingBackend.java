package io.parley.standalone;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
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
 * <p>Commands are sorted by name: the read-only ones below wait for durability of what they saw; every other
 * command is treated as a write.
 */
final class CommittingBackend implements MongoBackend {

    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "aggregate", "count", "distinct", "getmore", "listcollections", "listindexes", "listdatabases",
            "ping", "hello", "ismaster", "buildinfo", "serverstatus", "dbstats", "collstats", "killcursors",
            "endsessions", "getparameter", "getlasterror", "getlog", "hostinfo", "whatsmyuri", "connectionstatus",
            "getcmdlineopts", "getfreemonitoringstatus", "saslstart", "saslcontinue");

    private final MongoBackend store;
    private final GroupCommit commits;

    CommittingBackend(MongoBackend store, GroupCommit commits) {
        this.store = store;
        this.commits = commits;
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return answerDurably(commandName(message.getDocument()), () -> store.handleMessage(message));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return answerDurably(command, () -> store.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        // the legacy query opcode only reads; commands sent through it arrive at handleCommand
        QueryResult result = store.handleQuery(query);
        commits.awaitDurable(commits.visibleNow());
        return result;
    }

    private <T> T answerDurably(String command, Supplier<T> work) {
        if (command != null && READ_ONLY_COMMANDS.contains(command.toLowerCase())) {
            T answer = work.get();
            commits.awaitDurable(commits.visibleNow());
            return answer;
        }
        long ticket = commits.beginWrite();
        try {
            return work.get();
        } finally {
            // a failed write may have applied part of itself (an ordered insert stops at the first duplicate)
            commits.applied();
            commits.awaitDurable(ticket);
        }
    }

    private static String commandName(Document command) {
        return command.isEmpty() ? null : command.keySet().iterator().next();
    }

    @Override
    public void handleClose(Channel channel) {
        store.handleClose(channel);
    }

    @Override
    public void dropDatabase(String database) {
        answerDurably("dropDatabase", () -> {
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
