package io.parley.standalone;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server speaking the MongoDB wire protocol in this JVM, on disk (H2 MVStore) unless asked for memory.
 * It keeps only unique indexes; see the read models for how the hot paths live with that. On disk its indexes
 * compare keys without serialising them ({@link OrderedIndexH2Backend}), and it answers
 * nothing before it is committed to the file ({@link CommittingBackend}), and with {@link Durability#FSYNC}
 * nothing before the file is forced to the disk.
 */
final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    /** When the embedded store's answer is a promise. */
    enum Durability {
        /** In the file (the operating system's cache) before the answer: survives a crash of the process. */
        COMMIT,
        /** On the disk before the answer: survives a crash of the machine or a power loss too. */
        FSYNC
    }

    private final MongoServer server;
    private final InetSocketAddress address;
    private final GroupCommit commits;
    private final StoreHousekeeping housekeeping;

    private EmbeddedMongo(MongoServer server, InetSocketAddress address, GroupCommit commits,
            StoreHousekeeping housekeeping) {
        this.server = server;
        this.address = address;
        this.commits = commits;
        this.housekeeping = housekeeping;
    }

    /**
     * Pages of 4 KB rather than H2's 16 KB: a commit writes every page it changed whole, each document in it
     * serialised again, and the store commits as often as writes wait for it (see {@link GroupCommit}); smaller pages
     * carry fewer untouched documents into each commit (under a 1:1 load of 400 messages a second, half again as many
     * sends answered, bench/load.mjs).
     */
    private static final int PAGE_BYTES = 4 * 1024;

    /**
     * Chunks below this fill rate (percent) have their live pages rewritten into new chunks, so their space can be
     * reused ({@link StoreHousekeeping}; while writes go on, below 16). H2's own background writer did this with 90
     * by default, rewriting pages whenever the store was quiet and holding the store's lock against every commit:
     * after 40 s of 400 messages a second, idle REST sends waited behind it (p99 64 ms, against 11 ms with 40;
     * {@code LOAD=400 LOAD_SECONDS=40 node bench/idle-after-load.mjs}). At 40 the file holds at most about two and a
     * half times its live data, besides the chunks H2 keeps for 45 s anyway.
     */
    private static final int COMPACT_BELOW_FILL_PERCENT = 40;

    /** Threads serving connections; each connection is served by one of them (see {@link #start}). */
    private static final int EVENT_LOOPS = 64;

    /**
     * The collections whose reads leave the store as they are read, and so wait for their commit: Axon's event store
     * (the Kafka publisher forwards what it reads, the export streams it) and the push side's feed stream (sockets
     * deliver what is read from it).
     */
    static final Set<String> FORWARDED = Set.of("domainevents", "snapshotevents", "feed_stream");

    /**
     * Port 0 picks a free port (for tests). {@code cacheMegabytes} is the on-disk store's page cache: H2's default of
     * 16 MB keeps little more than the newest pages hot once a history outgrows it, but every page a commit writes
     * enters it as new objects, so a large one keeps them past several young collections, each copying them again:
     * under a 1:1 load of 250 messages a second, 256 MB held about 12 MB a collection in survivor space up to the
     * tenuring age; with Axon's shared event cache cut too, p99 went from 436 ms to 167 ms at 64 MB and 142 ms at
     * 32 MB, one run each ({@code bench/load.mjs} after 100 s of warm-up). 64 keeps more of a long history hot.
     */
    static EmbeddedMongo start(Path dataDir, int port, boolean persistent, int cacheMegabytes,
            Durability durability) {
        return start(dataDir, port, persistent, cacheMegabytes, durability, FORWARDED);
    }

    static EmbeddedMongo start(Path dataDir, int port, boolean persistent, int cacheMegabytes,
            Durability durability, Set<String> forwarded) {
        MongoBackend backend;
        GroupCommit commits = null;
        StoreHousekeeping housekeeping = null;
        if (persistent) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the MongoDB data directory " + dataDir, e);
            }
            // no background writer: the store commits when its writers need it (GroupCommit) and compacts in small
            // steps of its own (StoreHousekeeping)
            MVStore file = new MVStore.Builder()
                    .fileName(dataDir.resolve("parley.mv").toString())
                    .cacheSize(cacheMegabytes)
                    .pageSplitSize(PAGE_BYTES)
                    .autoCommitDisabled()
                    .open();
            commits = new GroupCommit(durability == Durability.FSYNC
                    ? () -> {
                        file.commit();
                        file.sync();
                    }
                    : file::commit);
            housekeeping = new StoreHousekeeping(file, COMPACT_BELOW_FILL_PERCENT, commits::commits);
            backend = new CommittingBackend(new OrderedIndexH2Backend(file), commits, forwarded);
        } else {
            backend = new MemoryBackend();
        }
        MongoServer server = new MongoServer(backend);
        // a write waits for its commit on the event-loop thread that read it, and every connection of that loop waits
        // behind it: with netty's default (two loops a core) four waiting writers stalled the whole store
        server.bind(new InetSocketAddress("localhost", port), 1, EVENT_LOOPS);
        InetSocketAddress address = server.getLocalAddress();
        log.info("in-process MongoDB on localhost:{}, {}", address.getPort(), persistent
                ? "data in " + dataDir + ", each answer after its " + (durability == Durability.FSYNC
                        ? "commit and fsync" : "commit")
                : "in memory");
        return new EmbeddedMongo(server, address, commits, housekeeping);
    }

    /** Commits of the on-disk store so far and the time they took (zero in memory), for the metrics. */
    long commits() {
        return commits == null ? 0 : commits.commits();
    }

    long commitNanos() {
        return commits == null ? 0 : commits.commitNanos();
    }

    String uri(String database) {
        return "mongodb://localhost:" + address.getPort() + "/" + database;
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        server.shutdown();
    }
}
