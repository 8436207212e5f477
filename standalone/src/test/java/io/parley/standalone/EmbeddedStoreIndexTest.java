package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's unique indexes, which compare keys without serialising them (OrderedIndexH2Backend), answer
 * what the plain H2 backend answered: the same lookups by {@code _id} and by unique keys, the same refusals of
 * duplicates, the same collection sizes (counted when asked, not at every write: UnsizedH2Collection); and a store
 * written by the plain backend opens with its indexes moved to the new maps, once.
 */
class EmbeddedStoreIndexTest {

    private static final long NOT_A_DOUBLE = (1L << 53) + 1;

    @TempDir
    Path dir;

    @Test
    void idLookupsAndRefusalsAreThoseOfThePlainBackend() {
        List<String> plain = withPlainBackend(dir.resolve("plain"), EmbeddedStoreIndexTest::idScenario);
        List<String> ordered = withEmbeddedStore(dir.resolve("ordered"), EmbeddedStoreIndexTest::idScenario);
        assertThat(ordered).isEqualTo(plain);
        // and what that is: numbers are one key whatever their type, a long no double holds is its own
        assertThat(ordered).contains(
                "insert 1 (Integer): ok", "insert 1 (Long): duplicate", "insert 1.0 (Double): duplicate",
                "find 1 (Long): [one]", "find 1.0 (Double): [one]",
                "insert 9007199254740992 (Long): ok", "insert 9007199254740993 (Long): ok",
                "insert 9.007199254740992E15 (Double): duplicate",
                "find 9007199254740993 (Long): [not a double]", "find 9.007199254740994E15 (Double): []",
                "insert -0.0 (Double): ok", "insert 0.0 (Double): duplicate",
                "insert a (String): ok", "insert a (String): duplicate", "find a (String): [string]",
                "find b (String): []");
        assertThat(ordered).anyMatch(line -> line.matches("find [0-9a-f]{24} \\(ObjectId\\): \\[object id\\]"));
    }

    @Test
    void uniqueCompoundKeysAreThoseOfThePlainBackend() {
        List<String> plain = withPlainBackend(dir.resolve("plain"), EmbeddedStoreIndexTest::compoundScenario);
        List<String> ordered = withEmbeddedStore(dir.resolve("ordered"), EmbeddedStoreIndexTest::compoundScenario);
        assertThat(ordered).isEqualTo(plain);
        assertThat(ordered).containsExactly(
                "insert c1/1: ok", "insert c1/2: ok", "insert c2/1: ok", "insert c1/1: duplicate",
                "insert c1/1 (Long): duplicate", "insert c1/1.5: ok",
                "find c1/2: [second]", "find c2/1: [third]", "find c2/2: []",
                "delete c1/1: 1", "find c1/1: []", "insert c1/1: ok", "find c1/1: [again]",
                "delete _id 2: 1", "insert _id 2: ok", "find _id 2: [second again]");
    }

    @Test
    void manyKeysInAnyOrderAreAllFound() {
        List<String> ids = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            ids.add(Long.toString(random.nextLong(), 36));
        }
        withEmbeddedStore(dir.resolve("many"), collection -> {
            collection.createIndex(Indexes.ascending("n"), new IndexOptions().unique(true));
            for (int i = 0; i < ids.size(); i++) {
                // numbers of both kinds in one index: doubles, and longs no double holds
                Object n = i % 2 == 0 ? (Object) (i * 0.5) : (Object) (NOT_A_DOUBLE + 2L * i);
                collection.insertOne(new Document("_id", ids.get(i)).append("n", n));
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            for (int i : order) {
                Object n = i % 2 == 0 ? (Object) (i * 0.5) : (Object) (NOT_A_DOUBLE + 2L * i);
                assertThat(collection.find(Filters.eq("_id", ids.get(i))).first()).as(ids.get(i))
                        .containsEntry("n", n);
                assertThat(collection.find(Filters.eq("n", n)).first()).as("n %s", n)
                        .containsEntry("_id", ids.get(i));
                assertThat(collection.find(Filters.eq("_id", ids.get(i) + "-")).first()).isNull();
            }
            return List.of();
        });
    }

    @Test
    void aStoreOfThePlainBackendIsMigratedOnceAndWorks() {
        Path data = dir.resolve("mongo");
        ObjectId objectId = new ObjectId();
        withPlainBackend(data, collection -> {
            collection.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
            collection.insertOne(new Document("_id", objectId).append("key", "k-object"));
            collection.insertOne(new Document("_id", "string").append("key", "k-string"));
            collection.insertOne(new Document("_id", 42L).append("key", 7));
            for (int i = 0; i < 500; i++) {
                collection.insertOne(new Document("_id", "doc-" + i).append("key", "k-" + i));
            }
            return List.of();
        });
        assertThat(indexMaps(data)).containsExactlyInAnyOrder("test.things._index__id_", "test.things._index_key_1");

        ListAppender<ILoggingEvent> migrations = listen();
        withEmbeddedStore(data, collection -> {
            assertThat(collection.find(Filters.eq("_id", objectId)).first()).containsEntry("key", "k-object");
            assertThat(collection.find(Filters.eq("_id", "string")).first()).containsEntry("key", "k-string");
            assertThat(collection.find(Filters.eq("_id", 42)).first()).containsEntry("key", 7);
            assertThat(collection.find(Filters.eq("key", 7.0)).first()).containsEntry("_id", 42L);
            for (int i = 0; i < 500; i++) {
                assertThat(collection.find(Filters.eq("_id", "doc-" + i)).first()).containsEntry("key", "k-" + i);
                assertThat(collection.find(Filters.eq("key", "k-" + i)).first()).containsEntry("_id", "doc-" + i);
            }
            assertThat(refusal(collection, new Document("_id", "doc-3").append("key", "fresh"))).isTrue();
            assertThat(refusal(collection, new Document("_id", "fresh").append("key", "k-3"))).isTrue();
            assertThat(refusal(collection, new Document("_id", 42.0).append("key", "fresh"))).isTrue();
            collection.insertOne(new Document("_id", "fresh").append("key", "fresh"));
            return List.of();
        });
        assertThat(migrations.list).hasSize(2)
                .allMatch(event -> event.getFormattedMessage().contains("migrated"));
        assertThat(indexMaps(data)).containsExactlyInAnyOrder(
                "test.things._ordered_index__id_", "test.things._ordered_index_key_1");

        migrations.list.clear();
        withEmbeddedStore(data, collection -> {
            assertThat(collection.find(Filters.eq("key", "fresh")).first()).containsEntry("_id", "fresh");
            assertThat(collection.find(Filters.eq("_id", "doc-499")).first()).containsEntry("key", "k-499");
            assertThat(refusal(collection, new Document("_id", "fresh"))).isTrue();
            assertThat(collection.countDocuments()).isEqualTo(504);
            return List.of();
        });
        assertThat(migrations.list).isEmpty();
    }

    @Test
    void aMigrationCutShortStartsAgain() {
        Path data = dir.resolve("mongo");
        withPlainBackend(data, collection -> {
            for (int i = 0; i < 100; i++) {
                collection.insertOne(new Document("_id", "doc-" + i));
            }
            return List.of();
        });
        // what a crash leaves when H2's background commit caught the migration halfway: both maps
        MVStore file = new MVStore.Builder().fileName(data.resolve("parley.mv").toString()).open();
        MVMap<KeyValue, Object> half = file.openMap("test.things._ordered_index__id_",
                new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueDataType()));
        half.put(new KeyValue("doc-0"), 0L);
        half.put(new KeyValue("ghost"), 12345L);
        file.close();

        withEmbeddedStore(data, collection -> {
            assertThat(collection.find(Filters.eq("_id", "ghost")).first()).isNull();
            for (int i = 0; i < 100; i++) {
                assertThat(collection.find(Filters.eq("_id", "doc-" + i)).first()).isNotNull();
            }
            assertThat(refusal(collection, new Document("_id", "doc-99"))).isTrue();
            collection.insertOne(new Document("_id", "ghost"));
            return List.of();
        });
        assertThat(indexMaps(data)).containsExactly("test.things._ordered_index__id_");
    }

    @Test
    void aDroppedIndexLeavesNoMapBehind() {
        Path data = dir.resolve("mongo");
        withEmbeddedStore(data, collection -> {
            collection.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
            collection.insertOne(new Document("_id", 1).append("key", "a"));
            collection.dropIndex("key_1");
            collection.insertOne(new Document("_id", 2).append("key", "a"));
            return List.of();
        });
        assertThat(indexMaps(data)).containsExactly("test.things._ordered_index__id_");
    }

    @Test
    void collectionSizesAreThoseOfThePlainBackend() {
        Function<MongoDatabase, List<Object>> scenario = database -> {
            MongoCollection<Document> collection = database.getCollection("things");
            List<Object> sizes = new ArrayList<>();
            collection.insertOne(new Document("_id", 1).append("text", "first"));
            collection.insertOne(new Document("_id", 2).append("text", "second").append("n", 2));
            sizes.add(sizes(database));
            collection.updateOne(Filters.eq("_id", 1), new Document("$set", new Document("text", "the first, longer")));
            collection.deleteOne(Filters.eq("_id", 2));
            sizes.add(sizes(database));
            return sizes;
        };
        List<Object> plain = inPlainBackend(dir.resolve("plain"), scenario);
        List<Object> ordered = inEmbeddedStore(dir.resolve("ordered"), scenario);
        assertThat(ordered).isEqualTo(plain);
        assertThat(ordered.get(0)).isNotEqualTo(ordered.get(1));
    }

    /** What {@code collStats} says of the collection's documents: their count, size and average size. */
    private static List<Object> sizes(MongoDatabase database) {
        Document stats = database.runCommand(new Document("collStats", "things"));
        return List.of(stats.get("count"), stats.get("size"), stats.get("avgObjSize"));
    }

    private static List<String> idScenario(MongoCollection<Document> collection) {
        List<String> log = new ArrayList<>();
        ObjectId objectId = new ObjectId("65f0c0ffee00000000000001");
        insert(log, collection, objectId, "object id");
        insert(log, collection, 1, "one");
        insert(log, collection, 1L, "one long");
        insert(log, collection, 1.0, "one double");
        insert(log, collection, 1L << 53, "a double");
        insert(log, collection, NOT_A_DOUBLE, "not a double");
        insert(log, collection, (double) (1L << 53), "the same double");
        insert(log, collection, -0.0, "minus zero");
        insert(log, collection, 0.0, "zero");
        insert(log, collection, Double.NaN, "not a number");
        insert(log, collection, Double.NaN, "not a number again");
        insert(log, collection, "a", "string");
        insert(log, collection, "a", "string again");
        insert(log, collection, "", "empty");
        insert(log, collection, true, "true");
        for (Object id : List.of(objectId, 1, 1L, 1.0, 1L << 53, NOT_A_DOUBLE, (double) NOT_A_DOUBLE,
                (double) ((1L << 53) + 2), -0.0, 0.0, Double.NaN, "a", "b", "", true, false,
                new ObjectId("65f0c0ffee00000000000002"))) {
            List<String> found = new ArrayList<>();
            collection.find(Filters.eq("_id", id)).forEach(document -> found.add(document.getString("what")));
            log.add("find " + id + " (" + id.getClass().getSimpleName() + "): " + found);
        }
        return log;
    }

    private static void insert(List<String> log, MongoCollection<Document> collection, Object id, String what) {
        String outcome = refusal(collection, new Document("_id", id).append("what", what)) ? "duplicate" : "ok";
        log.add("insert " + id + " (" + id.getClass().getSimpleName() + "): " + outcome);
    }

    private static List<String> compoundScenario(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending("conversation", "seq"), new IndexOptions().unique(true));
        List<String> log = new ArrayList<>();
        log.add("insert c1/1: " + outcome(collection, 1, "c1", 1, "first"));
        log.add("insert c1/2: " + outcome(collection, 2, "c1", 2, "second"));
        log.add("insert c2/1: " + outcome(collection, 3, "c2", 1, "third"));
        log.add("insert c1/1: " + outcome(collection, 4, "c1", 1, "duplicate"));
        log.add("insert c1/1 (Long): " + outcome(collection, 5, "c1", 1L, "duplicate long"));
        log.add("insert c1/1.5: " + outcome(collection, 6, "c1", 1.5, "between"));
        log.add("find c1/2: " + find(collection, "c1", 2));
        log.add("find c2/1: " + find(collection, "c2", 1));
        log.add("find c2/2: " + find(collection, "c2", 2));
        log.add("delete c1/1: " + collection.deleteOne(
                Filters.and(Filters.eq("conversation", "c1"), Filters.eq("seq", 1))).getDeletedCount());
        log.add("find c1/1: " + find(collection, "c1", 1));
        log.add("insert c1/1: " + outcome(collection, 1, "c1", 1, "again"));
        log.add("find c1/1: " + find(collection, "c1", 1));
        log.add("delete _id 2: " + collection.deleteOne(Filters.eq("_id", 2)).getDeletedCount());
        log.add("insert _id 2: " + outcome(collection, 2, "c1", 2, "second again"));
        List<String> found = new ArrayList<>();
        collection.find(Filters.eq("_id", 2)).forEach(document -> found.add(document.getString("what")));
        log.add("find _id 2: " + found);
        return log;
    }

    private static String outcome(MongoCollection<Document> collection, int id, String conversation, Object seq,
            String what) {
        Document document = new Document("_id", id).append("conversation", conversation).append("seq", seq)
                .append("what", what);
        return refusal(collection, document) ? "duplicate" : "ok";
    }

    private static List<String> find(MongoCollection<Document> collection, String conversation, int seq) {
        List<String> found = new ArrayList<>();
        collection.find(new Document("conversation", conversation).append("seq", seq))
                .forEach(document -> found.add(document.getString("what")));
        return found;
    }

    /** True when the store refused the document as a duplicate key, false when it took it. */
    private static boolean refusal(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return false;
        } catch (MongoWriteException e) {
            assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY);
            return true;
        }
    }

    private static <T> T withEmbeddedStore(Path data, Function<MongoCollection<Document>, T> work) {
        return inEmbeddedStore(data, database -> work.apply(database.getCollection("things")));
    }

    private static <T> T inEmbeddedStore(Path data, Function<MongoDatabase, T> work) {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, 0, true, 16, EmbeddedMongo.Durability.COMMIT);
                MongoClient client = MongoClients.create(mongo.uri("test"))) {
            return work.apply(client.getDatabase("test"));
        }
    }

    /** mongo-java-server's own H2 backend on the file EmbeddedMongo uses, as the store was before. */
    private static <T> T withPlainBackend(Path data, Function<MongoCollection<Document>, T> work) {
        return inPlainBackend(data, database -> work.apply(database.getCollection("things")));
    }

    private static <T> T inPlainBackend(Path data, Function<MongoDatabase, T> work) {
        data.toFile().mkdirs();
        MVStore file = new MVStore.Builder().fileName(data.resolve("parley.mv").toString()).open();
        MongoServer server = new MongoServer(new H2Backend(file));
        try {
            InetSocketAddress address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort())) {
                return work.apply(client.getDatabase("test"));
            }
        } finally {
            server.shutdown();
            if (!file.isClosed()) {
                file.close();
            }
        }
    }

    private static Set<String> indexMaps(Path data) {
        MVStore file = new MVStore.Builder().fileName(data.resolve("parley.mv").toString()).readOnly().open();
        try {
            Set<String> names = new TreeSet<>();
            for (String name : file.getMapNames()) {
                if (name.startsWith("test.things.")) {
                    names.add(name);
                }
            }
            return names;
        } finally {
            file.close();
        }
    }

    private static ListAppender<ILoggingEvent> listen() {
        Logger logger = (Logger) LoggerFactory.getLogger(OrderedIndexH2Database.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
