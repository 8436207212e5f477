package io.parley.standalone;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server speaking the MongoDB wire protocol in this JVM, on disk (H2 MVStore) unless asked for memory.
 * It keeps only unique indexes; see the read models for how the hot paths live with that.
 */
final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Port 0 picks a free port (for tests). {@code cacheMegabytes} is the on-disk store's page cache: H2's default of
     * 16 MB keeps little more than the newest pages hot once a history outgrows it.
     */
    static EmbeddedMongo start(Path dataDir, int port, boolean persistent, int cacheMegabytes) {
        MongoBackend backend;
        if (persistent) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the MongoDB data directory " + dataDir, e);
            }
            backend = new H2Backend(new MVStore.Builder()
                    .fileName(dataDir.resolve("parley.mv").toString())
                    .cacheSize(cacheMegabytes)
                    .open());
        } else {
            backend = new MemoryBackend();
        }
        MongoServer server = new MongoServer(backend);
        server.bind("localhost", port);
        InetSocketAddress address = server.getLocalAddress();
        log.info("in-process MongoDB on localhost:{}, {}", address.getPort(),
                persistent ? "data in " + dataDir : "in memory");
        return new EmbeddedMongo(server, address);
    }

    String uri(String database) {
        return "mongodb://localhost:" + address.getPort() + "/" + database;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
