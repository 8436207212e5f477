package io.parley.standalone;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded store's unique indexes. H2's default {@link ObjectDataType} compares two keys of a
 * class that is not {@link Comparable}, as {@link KeyValue} is not, by Java-serialising both: every step of every
 * B-tree search paid two serialisations (18 % of all CPU under load). This type compares the values themselves, and
 * writes keys as BSON where it can ({@link #write}); keys written by {@link ObjectDataType} are read as before.
 *
 * <p>Two keys compare 0 exactly when they are equal value by value, as {@link KeyValue#equals} has it: the index
 * builds its keys normalised (every number a {@code Double}, or a {@code Long} that no {@code Double} holds exactly,
 * so 1, 1L and 1.0 are one key), and a key of other classes stays a different key, as it was. The order is MongoDB's
 * type order for the types keys are made of (null, numbers, strings, UUIDs, ObjectIds, booleans, dates); values of
 * any other type (documents, arrays, binary data, ...) sort after strings by their serialised bytes, which is how the
 * old type compared everything.
 */
final class KeyValueDataType extends BasicDataType<KeyValue> {

    private static final int NULL = 0;
    private static final int NUMBER = 1;
    private static final int STRING = 2;
    private static final int OTHER = 3;
    private static final int UUID_VALUE = 4;
    private static final int OBJECT_ID = 5;
    private static final int BOOLEAN = 6;
    private static final int DATE = 7;

    /** Writes and reads keys as H2 did before; H2 keeps one per map too (it caches the last value type it saw). */
    private final ObjectDataType serialised = new ObjectDataType();

    @Override
    public int compare(KeyValue a, KeyValue b) {
        return compareKeys(a, b);
    }

    static int compareKeys(KeyValue a, KeyValue b) {
        if (a == b) {
            return 0;
        }
        int size = Math.min(a.size(), b.size());
        for (int i = 0; i < size; i++) {
            int cmp = compareValues(a.get(i), b.get(i));
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    static int compareValues(Object x, Object y) {
        if (x == y) {
            return 0;
        }
        int rankX = rank(x);
        int rankY = rank(y);
        if (rankX != rankY) {
            return Integer.compare(rankX, rankY);
        }
        return switch (rankX) {
            case NUMBER -> compareNumbers((Number) x, (Number) y);
            case STRING -> ((String) x).compareTo((String) y);
            case UUID_VALUE -> ((UUID) x).compareTo((UUID) y);
            case OBJECT_ID -> ((ObjectId) x).compareTo((ObjectId) y);
            case BOOLEAN -> Boolean.compare((Boolean) x, (Boolean) y);
            case DATE -> ((Instant) x).compareTo((Instant) y);
            case OTHER -> compareOthers(x, y);
            // both null: x == y above
            default -> throw new IllegalStateException("no order for rank " + rankX);
        };
    }

    /** Exact classes only: a subclass (or any other number class) is compared as the old type did, by its bytes. */
    private static int rank(Object value) {
        if (value == null) {
            return NULL;
        }
        Class<?> type = value.getClass();
        if (type == Double.class || type == Long.class) {
            return NUMBER;
        }
        if (type == String.class) {
            return STRING;
        }
        if (type == ObjectId.class) {
            return OBJECT_ID;
        }
        if (type == UUID.class) {
            return UUID_VALUE;
        }
        if (type == Boolean.class) {
            return BOOLEAN;
        }
        if (type == Instant.class) {
            return DATE;
        }
        return OTHER;
    }

    /**
     * Doubles in {@link Double#compare} order (-0.0 before 0.0, NaN last), longs by value; a double and a long by
     * their exact values (NaN after every long), and where those are equal, the double first: a long and a double
     * are never the same key. The exact comparison is rare: a normalised key holds a long only where no double can.
     */
    private static int compareNumbers(Number x, Number y) {
        if (x instanceof Double dx && y instanceof Double dy) {
            return Double.compare(dx, dy);
        }
        if (x instanceof Long lx && y instanceof Long ly) {
            return Long.compare(lx, ly);
        }
        if (x instanceof Double dx) {
            return compareDoubleToLong(dx, (Long) y);
        }
        return -compareDoubleToLong((Double) y, (Long) x);
    }

    private static int compareDoubleToLong(double d, long l) {
        if (Double.isNaN(d)) {
            return 1;
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? 1 : -1;
        }
        int cmp = new BigDecimal(d).compareTo(BigDecimal.valueOf(l));
        return cmp != 0 ? cmp : -1;
    }

    /** By class, then by serialised bytes: a total order, and 0 only for values whose bytes are the same. */
    private static int compareOthers(Object x, Object y) {
        int cmp = x.getClass().getName().compareTo(y.getClass().getName());
        if (cmp != 0) {
            return cmp;
        }
        return ObjectDataType.compareNotNull(ObjectDataType.serialize(x), ObjectDataType.serialize(y));
    }

    @Override
    public int getMemory(KeyValue key) {
        return serialised.getMemory(key);
    }

    /**
     * As BSON ({@link BsonDocumentDataType#writeBson}: the values under "0", "1", ...) when every value is of a class
     * this type compares by value and BSON gives it back as the same object, otherwise Java-serialised as before: a
     * value compared by its serialised bytes (a list, a document) must come back as the very same classes, and BSON
     * reads a list back as an {@code ArrayList}. Every commit writes its dirty index pages whole, and a key
     * Java-serialised with a fresh stream each time was the hottest frame of a commit.
     */
    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        Document values = new Document();
        for (int i = 0; i < key.size(); i++) {
            if (rank(key.get(i)) == OTHER) {
                serialised.write(buffer, key);
                return;
            }
            values.put(Integer.toString(i), key.get(i));
        }
        if (!BsonDocumentDataType.writeBson(buffer, values)) {
            serialised.write(buffer, key);
        }
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        if (!BsonDocumentDataType.isBson(buffer)) {
            return (KeyValue) serialised.read(buffer);
        }
        return new KeyValue(BsonDocumentDataType.readBson(buffer).values());
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
