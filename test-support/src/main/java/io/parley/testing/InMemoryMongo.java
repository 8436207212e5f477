package io.parley.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A fresh in-memory MongoDB-compatible store for each test, gone after it, so no test sees another's documents.
 * It is the standalone's embedded engine (mongo-java-server) with its limits: only unique indexes answer a query.
 * Register it on a field; it is started before the test class's own {@code @BeforeEach} methods run:
 * <pre>{@code @RegisterExtension final InMemoryMongo inMemoryMongo = new InMemoryMongo();}</pre>
 */
public final class InMemoryMongo implements BeforeEachCallback, AfterEachCallback {

    /** The database every test writes to. */
    public static final String DATABASE = "test";

    private MongoServer server;
    private MongoClient client;
    private String connectionString;

    @Override
    public void beforeEach(ExtensionContext context) {
        server = new MongoServer(new MemoryBackend());
        connectionString = server.bindAndGetConnectionString();
        client = MongoClients.create(connectionString);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        client.close();
        server.shutdown();
    }

    /** The driver's client, for code that builds its own template (Axon's Mongo extension). */
    public MongoClient client() {
        return client;
    }

    /** Where the store listens, for a test that builds a client of its own (one that listens to commands, say). */
    public String connectionString() {
        return connectionString;
    }

    /** Spring Data's template on {@link #DATABASE}. */
    public MongoTemplate template() {
        return new MongoTemplate(client, DATABASE);
    }
}
