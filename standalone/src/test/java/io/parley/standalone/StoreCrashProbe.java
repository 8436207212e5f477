package io.parley.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.PrintStream;
import java.nio.file.Path;
import org.bson.Document;

/**
 * Run by {@link EmbeddedStoreCrashTest} in a JVM of its own: the embedded store on a data directory, four writers
 * inserting numbered documents and printing {@code ack <id>} for each answered insert, and a reader printing
 * {@code seen <id>} for each document it found, until the test kills the process.
 */
public final class StoreCrashProbe {

    private static final int WRITERS = 4;

    private StoreCrashProbe() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedMongo store = EmbeddedMongo.start(Path.of(args[0]), 0, true, 16, EmbeddedMongo.Durability.COMMIT);
        PrintStream out = new PrintStream(System.out, true);
        MongoClient client = MongoClients.create(store.uri("probe"));
        MongoCollection<Document> documents = client.getDatabase("probe").getCollection("documents");
        for (int writer = 0; writer < WRITERS; writer++) {
            int w = writer;
            new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = "w" + w + "-" + i;
                    documents.insertOne(new Document("_id", id).append("body", "x".repeat(200)));
                    out.println("ack " + id);
                }
            }).start();
        }
        new Thread(() -> {
            for (int next = 0; ; ) {
                String id = "w0-" + next;
                if (documents.find(Filters.eq("_id", id)).first() != null) {
                    out.println("seen " + id);
                    next++;
                }
            }
        }).start();
        out.println("started");
        Thread.sleep(Long.MAX_VALUE);
    }
}
