package io.parley.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.DataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * Not a test: prints how long the embedded store takes to write documents of about 500 bytes with a commit every
 * 20 writes, Java-serialised (H2's ObjectDataType) and as BSON ({@link BsonDocumentDataType}): once through the
 * driver (plain H2Backend against OrderedIndexH2Backend, which also differs in its index keys), once straight into
 * an MVMap, which isolates the documents' format; then how long reading them all back from a reopened file takes,
 * and the file's size. Arguments: documents (20000), writes per commit (20).
 */
final class DocumentFormatMeasure {

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int perCommit = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        for (int pass = 0; pass < 2; pass++) {
            System.out.println("pass " + (pass + 1) + (pass == 0 ? " (warming up)" : ""));
            throughDriver("H2Backend", H2Backend::new, documents, perCommit);
            throughDriver("OrderedIndexH2Backend", OrderedIndexH2Backend::new, documents, perCommit);
            intoMap("ObjectDataType", ObjectDataType::new, documents, perCommit);
            intoMap("BsonDocumentDataType", BsonDocumentDataType::new, documents, perCommit);
        }
    }

    private static void throughDriver(String name, Function<MVStore, MongoBackend> backend, int documents,
            int perCommit) throws Exception {
        Path dir = Files.createTempDirectory("format-measure");
        MVStore file = new MVStore.Builder().fileName(dir.resolve("parley.mv").toString()).cacheSize(64)
                .autoCommitDisabled().open();
        MongoServer server = new MongoServer(backend.apply(file));
        long nanos;
        try {
            InetSocketAddress address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort())) {
                MongoCollection<org.bson.Document> collection = client.getDatabase("measure")
                        .getCollection("messages");
                long start = System.nanoTime();
                for (int i = 0; i < documents; i++) {
                    collection.insertOne(driverMessage(i));
                    if (i % perCommit == perCommit - 1) {
                        file.commit();
                    }
                }
                file.commit();
                nanos = System.nanoTime() - start;
            }
        } finally {
            server.shutdown();
            if (!file.isClosed()) {
                file.close();
            }
        }
        System.out.printf("  driver %-22s %d inserts, commit every %d: %6d ms (%.1f µs each), file %d kB%n", name,
                documents, perCommit, nanos / 1_000_000, nanos / 1000.0 / documents,
                Files.size(dir.resolve("parley.mv")) / 1024);
    }

    private static void intoMap(String name, Supplier<DataType<Object>> valueType, int documents, int perCommit)
            throws Exception {
        Path path = Files.createTempDirectory("format-measure").resolve("map.mv");
        MVStore file = new MVStore.Builder().fileName(path.toString()).cacheSize(64).autoCommitDisabled().open();
        MVMap<Object, Object> map = file.openMap("documents",
                new MVMap.Builder<Object, Object>().valueType(valueType.get()));
        List<Document> messages = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            messages.add(message(i));
        }
        long start = System.nanoTime();
        for (int i = 0; i < documents; i++) {
            Document message = messages.get(i);
            map.put(message.get("_id"), message);
            if (i % perCommit == perCommit - 1) {
                file.commit();
            }
        }
        file.commit();
        long writeNanos = System.nanoTime() - start;
        file.close();

        file = new MVStore.Builder().fileName(path.toString()).cacheSize(64).readOnly().open();
        map = file.openMap("documents", new MVMap.Builder<Object, Object>().valueType(valueType.get()));
        start = System.nanoTime();
        long fields = 0;
        for (Object value : map.values()) {
            fields += ((Document) value).size();
        }
        long readNanos = System.nanoTime() - start;
        file.close();
        if (fields != (long) documents * message(0).size()) {
            throw new IllegalStateException(name + " read " + fields + " fields");
        }
        System.out.printf("  map    %-22s %d puts, commit every %d: %6d ms (%.1f µs each); reading all back %d ms;"
                + " file %d kB%n", name, documents, perCommit, writeNanos / 1_000_000,
                writeNanos / 1000.0 / documents, readNanos / 1_000_000, Files.size(path) / 1024);
    }

    /** A message document much like the read side's: about 500 bytes as BSON. */
    private static Document message(int i) {
        return new Document("_id", "conversation-" + (i % 97) + ":" + i)
                .append("conversationId", "conversation-" + (i % 97))
                .append("seq", (long) i)
                .append("senderId", "user-" + (i % 13))
                .append("messageId", new ObjectId())
                .append("sentAt", Instant.ofEpochMilli(1_700_000_000_000L + i))
                .append("edited", false)
                .append("replyTo", null)
                .append("reactions", new ArrayList<>(List.of(new Document("user", "user-3").append("emoji", "+1"))))
                .append("body", "x".repeat(280) + " message " + i)
                .append("version", 1);
    }

    private static org.bson.Document driverMessage(int i) {
        return new org.bson.Document("_id", "conversation-" + (i % 97) + ":" + i)
                .append("conversationId", "conversation-" + (i % 97))
                .append("seq", (long) i)
                .append("senderId", "user-" + (i % 13))
                .append("messageId", new org.bson.types.ObjectId())
                .append("sentAt", java.util.Date.from(Instant.ofEpochMilli(1_700_000_000_000L + i)))
                .append("edited", false)
                .append("replyTo", null)
                .append("reactions", List.of(new org.bson.Document("user", "user-3").append("emoji", "+1")))
                .append("body", "x".repeat(280) + " message " + i)
                .append("version", 1);
    }
}
