package io.parley.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.bson.Document;
import org.h2.mvstore.MVStore;

/**
 * Not a test: prints how long inserts and {@code find({_id})} take through the driver on plain H2Backend and on
 * OrderedIndexH2Backend, each on a fresh file. Arguments: documents (50000), lookup rounds (3).
 */
final class UniqueIndexLookupMeasure {

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> ids = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < documents; i++) {
            ids.add("conversation-" + Long.toString(random.nextLong() >>> 1, 36) + "-" + i);
        }
        List<String> lookups = new ArrayList<>(ids);
        Collections.shuffle(lookups, random);
        for (int pass = 0; pass < 2; pass++) {
            measure("H2Backend", H2Backend::new, ids, lookups, rounds);
            measure("OrderedIndexH2Backend", OrderedIndexH2Backend::new, ids, lookups, rounds);
        }
    }

    private static void measure(String name, Function<MVStore, MongoBackend> backend, List<String> ids,
            List<String> lookups, int rounds) throws Exception {
        Path dir = Files.createTempDirectory("index-measure");
        MVStore file = new MVStore.Builder().fileName(dir.resolve("parley.mv").toString()).cacheSize(64).open();
        MongoServer server = new MongoServer(backend.apply(file));
        try {
            InetSocketAddress address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort())) {
                MongoCollection<Document> collection = client.getDatabase("measure").getCollection("messages");
                long start = System.nanoTime();
                for (String id : ids) {
                    collection.insertOne(new Document("_id", id).append("body", "hello"));
                }
                long insertNanos = System.nanoTime() - start;
                StringBuilder line = new StringBuilder(String.format("%-22s %d inserts %6d ms, %d finds:",
                        name, ids.size(), insertNanos / 1_000_000, lookups.size()));
                for (int round = 0; round < rounds; round++) {
                    start = System.nanoTime();
                    int found = 0;
                    for (String id : lookups) {
                        if (collection.find(Filters.eq("_id", id)).first() != null) {
                            found++;
                        }
                    }
                    long nanos = System.nanoTime() - start;
                    if (found != lookups.size()) {
                        throw new IllegalStateException(name + " found " + found + " of " + lookups.size());
                    }
                    line.append(String.format(" %d ms (%.1f µs each)", nanos / 1_000_000,
                            nanos / 1000.0 / lookups.size()));
                }
                System.out.println(line);
            }
        } finally {
            server.shutdown();
            if (!file.isClosed()) {
                file.close();
            }
        }
    }
}
