package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store writes its documents as BSON ({@link BsonDocumentDataType}): what a client stored comes back
 * after a restart with the same values of the same BSON types; a store written by the plain backend (documents
 * Java-serialised) reads as before, and a document changed there is written anew as BSON; values BSON would not give
 * back as they were are written as before.
 */
class EmbeddedStoreDocumentFormatTest {

    private static final String DOCUMENTS_MAP = "databases.test.things";

    @TempDir
    Path dir;

    @Test
    void everyTypeComesBackAsItWasAfterARestart() {
        Path data = dir.resolve("mongo");
        BsonDocument stored = everyType("one");
        withEmbeddedStore(data, collection -> {
            collection.insertOne(stored);
            collection.insertOne(everyType("two"));
            return null;
        });
        BsonDocument read = withEmbeddedStore(data,
                collection -> collection.find(Filters.eq("_id", "one")).first());
        assertThat(read).isEqualTo(stored);
        assertThat(types(read)).isEqualTo(types(stored));
        assertThat(firstBytes(data).values()).hasSize(2).containsOnly(BsonDocumentDataType.BSON_MARKER);
    }

    @Test
    void aStoreOfThePlainBackendIsReadAndItsChangedDocumentsWrittenAsBson() {
        Path data = dir.resolve("mongo");
        List<BsonDocument> written = withPlainBackend(data, collection -> {
            for (int i = 0; i < 200; i++) {
                collection.insertOne(everyType("doc-" + i));
            }
            return collection.find().into(new ArrayList<>());
        });
        assertThat(written).hasSize(200);
        assertThat(firstBytes(data).values()).hasSize(200).doesNotContain(BsonDocumentDataType.BSON_MARKER);

        withEmbeddedStore(data, collection -> {
            assertThat(collection.find().into(new ArrayList<>())).containsExactlyElementsOf(written);
            collection.updateOne(Filters.eq("_id", "doc-7"), Updates.set("text", "changed"));
            collection.insertOne(everyType("new"));
            return null;
        });

        BsonDocument changed = written.stream()
                .filter(document -> document.getString("_id").getValue().equals("doc-7")).findFirst().orElseThrow()
                .clone();
        changed.put("text", new BsonString("changed"));
        withEmbeddedStore(data, collection -> {
            for (BsonDocument document : written) {
                BsonDocument expected = document.getString("_id").getValue().equals("doc-7") ? changed : document;
                assertThat(collection.find(Filters.eq("_id", document.get("_id"))).first()).isEqualTo(expected);
            }
            assertThat(collection.find(Filters.eq("_id", "new")).first()).isEqualTo(everyType("new"));
            assertThat(collection.countDocuments()).isEqualTo(201);
            return null;
        });
        Map<Object, Byte> firstBytes = firstBytes(data);
        assertThat(firstBytes.get("doc-7")).isEqualTo(BsonDocumentDataType.BSON_MARKER);
        assertThat(firstBytes.get("new")).isEqualTo(BsonDocumentDataType.BSON_MARKER);
        assertThat(firstBytes.get("doc-8")).isNotEqualTo(BsonDocumentDataType.BSON_MARKER);
    }

    @Test
    void valuesBsonWouldChangeAreWrittenAsBefore() {
        Instant finerThanMillis = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        Map<String, Object> plainMap = new LinkedHashMap<>();
        plainMap.put("a", 1);
        List<Document> odd = List.of(
                new Document("_id", 1).append("bytes", new byte[] {1, 2, 3}),
                new Document("_id", 2).append("map", plainMap),
                new Document("_id", 3).append("sorted", new TreeMap<>(Map.of("b", 2))),
                new Document("_id", 4).append("at", finerThanMillis),
                new Document("_id", 5).append("lone surrogate", "a\uD800b"),
                new Document("_id", 6).append("key\0with nul", "x"),
                new Document("_id", 7).append("nested", new Document("deep", new byte[] {4})),
                new Document("_id", 8).append("list", List.of(1, Short.valueOf((short) 2))));
        BsonDocumentDataType type = new BsonDocumentDataType();
        for (Document document : odd) {
            ByteBuffer bytes = written(type, document);
            assertThat(bytes.get(0)).as("%s", document).isNotEqualTo(BsonDocumentDataType.BSON_MARKER);
            Object read = type.read(bytes);
            assertThat(read).isInstanceOf(Document.class);
            assertThat(read).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(document);
            assertThat(bytes.remaining()).isZero();
        }
        Document plain = (Document) type.read(written(type, odd.get(1)));
        assertThat(plain.get("map")).isExactlyInstanceOf(LinkedHashMap.class);
        assertThat(((Document) type.read(written(type, odd.get(3)))).get("at")).isEqualTo(finerThanMillis);

        // and the ordinary kind next to them, for contrast: BSON, and the same classes back
        Document ordinary = new Document("_id", new de.bwaldvogel.mongo.bson.ObjectId()).append("n", 1)
                .append("l", 2L).append("d", 3.0).append("at", Instant.ofEpochMilli(1_700_000_000_123L))
                .append("id", UUID.randomUUID()).append("list", List.of("a", new Document("b", true)));
        ByteBuffer bytes = written(type, ordinary);
        assertThat(bytes.get(0)).isEqualTo(BsonDocumentDataType.BSON_MARKER);
        Document read = (Document) type.read(bytes);
        assertThat(read).isEqualTo(ordinary);
        for (String key : ordinary.keySet()) {
            if (!(ordinary.get(key) instanceof List)) {
                assertThat(read.get(key)).as(key).isExactlyInstanceOf(ordinary.get(key).getClass());
            }
        }
        assertThat(type.getMemory(ordinary)).isBetween(300, 2000);
    }

    private static ByteBuffer written(BsonDocumentDataType type, Object value) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, value);
        ByteBuffer bytes = buffer.getBuffer();
        bytes.flip();
        return bytes;
    }

    /** One value of each BSON type mongo-java-server keeps, several numbers' edges among them. */
    private static BsonDocument everyType(String id) {
        BsonDocument nested = new BsonDocument("level", new BsonInt32(2))
                .append("deeper", new BsonDocument("list", new BsonArray(List.of(new BsonInt64(1),
                        new BsonDocument("x", new BsonNull()), new BsonArray()))));
        return new BsonDocument("_id", new BsonString(id))
                .append("objectId", new BsonObjectId(new ObjectId("65f0c0ffee00000000000001")))
                .append("text", new BsonString("héllo \uD83D\uDE00 wörld"))
                .append("empty", new BsonString(""))
                .append("int", new BsonInt32(42))
                .append("intMin", new BsonInt32(Integer.MIN_VALUE))
                .append("long", new BsonInt64(42L))
                .append("longBig", new BsonInt64((1L << 53) + 1))
                .append("double", new BsonDouble(42.0))
                .append("minusZero", new BsonDouble(-0.0))
                .append("nan", new BsonDouble(Double.NaN))
                .append("infinity", new BsonDouble(Double.NEGATIVE_INFINITY))
                .append("date", new BsonDateTime(1_700_000_000_123L))
                .append("dateBeforeEpoch", new BsonDateTime(-1_234L))
                .append("true", BsonBoolean.TRUE)
                .append("false", BsonBoolean.FALSE)
                .append("null", new BsonNull())
                .append("nested", nested)
                .append("list", new BsonArray(List.of(new BsonString("a"), new BsonInt32(1), new BsonDouble(1.5))))
                .append("binary", new BsonBinary(new byte[] {0, 1, 2, (byte) 255}))
                .append("uuid", new BsonBinary(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"),
                        UuidRepresentation.STANDARD))
                .append("legacyUuid", new BsonBinary(BsonBinarySubType.UUID_LEGACY,
                        new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
                .append("decimal", new BsonDecimal128(Decimal128.parse("-1234.5678901234567890")))
                .append("timestamp", new BsonTimestamp(1_700_000_000, 7))
                .append("regex", new BsonRegularExpression("^a.*b$", "i"))
                .append("code", new BsonJavaScript("function() { return 1; }"))
                .append("min", new BsonMinKey())
                .append("max", new BsonMaxKey());
    }

    /** Every value's BSON type, nested ones by their path. */
    private static Map<String, String> types(BsonDocument document) {
        Map<String, String> types = new TreeMap<>();
        collectTypes("", document, types);
        return types;
    }

    private static void collectTypes(String path, BsonValue value, Map<String, String> types) {
        types.put(path, value.getBsonType().name());
        if (value instanceof BsonDocument document) {
            document.forEach((key, child) -> collectTypes(path + "." + key, child, types));
        } else if (value instanceof BsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                collectTypes(path + "[" + i + "]", array.get(i), types);
            }
        }
    }

    /** The first byte of each stored document in the file, by the document's key. */
    private static Map<Object, Byte> firstBytes(Path data) {
        MVStore file = new MVStore.Builder().fileName(data.resolve("parley.mv").toString()).readOnly().open();
        try {
            MVMap<Object, Object> documents = file.openMap(DOCUMENTS_MAP,
                    new MVMap.Builder<Object, Object>().valueType(new FirstByte()));
            Map<Object, Byte> firstBytes = new LinkedHashMap<>();
            documents.forEach((key, value) -> firstBytes.put(key, (Byte) value));
            return firstBytes;
        } finally {
            file.close();
        }
    }

    /** Reads a stored value as its first byte, then skips it by reading it properly. */
    private static final class FirstByte extends BasicDataType<Object> {

        private final BsonDocumentDataType documents = new BsonDocumentDataType();

        @Override
        public Object read(ByteBuffer buffer) {
            byte first = buffer.get(buffer.position());
            documents.read(buffer);
            return first;
        }

        @Override
        public void write(WriteBuffer buffer, Object value) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public int getMemory(Object value) {
            return 16;
        }

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }
    }

    private static <T> T withEmbeddedStore(Path data, Function<MongoCollection<BsonDocument>, T> work) {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, 0, true, 16, EmbeddedMongo.Durability.COMMIT);
                MongoClient client = MongoClients.create(mongo.uri("test"))) {
            return work.apply(client.getDatabase("test").getCollection("things", BsonDocument.class));
        }
    }

    /** mongo-java-server's own H2 backend on the file EmbeddedMongo uses, as the store was before. */
    private static <T> T withPlainBackend(Path data, Function<MongoCollection<BsonDocument>, T> work) {
        data.toFile().mkdirs();
        MVStore file = new MVStore.Builder().fileName(data.resolve("parley.mv").toString()).open();
        MongoServer server = new MongoServer(new H2Backend(file));
        try {
            InetSocketAddress address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort())) {
                return work.apply(client.getDatabase("test").getCollection("things", BsonDocument.class));
            }
        } finally {
            server.shutdown();
            if (!file.isClosed()) {
                file.close();
            }
        }
    }
}
