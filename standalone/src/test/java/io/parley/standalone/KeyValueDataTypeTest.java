package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/**
 * The index key order must be a total order that calls two keys the same exactly when the index's own equality does,
 * or a B-tree search misses keys (and a unique index lets duplicates in).
 */
class KeyValueDataTypeTest {

    private static final long NOT_A_DOUBLE = (1L << 53) + 1;

    /** Values as the index normalises them, and some it never makes (an Integer, a Missing-free null). */
    private static List<KeyValue> samples() {
        List<Object> values = new ArrayList<>(Arrays.asList(
                null, 0.0, -0.0, 1.0, -1.0, 0.5, 1e300, -1e300, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, (double) (1L << 53), (double) Long.MAX_VALUE,
                NOT_A_DOUBLE, -NOT_A_DOUBLE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 0L, 1L, 1,
                "", "a", "b", "ab", "ä", new ObjectId("0123456789abcdef01234567"),
                new ObjectId("0123456789abcdef01234568"), new ObjectId("f123456789abcdef01234567"),
                true, false, Instant.ofEpochMilli(0), Instant.ofEpochMilli(1),
                UUID.fromString("00000000-0000-0001-0000-000000000000"),
                UUID.fromString("80000000-0000-0000-0000-000000000000"),
                new Document("a", 1.0), new Document("a", 2.0), new Document("b", 1.0).append("a", 1.0),
                new Document("a", 1.0).append("b", 1.0), List.of(1.0, 2.0), List.of(2.0, 1.0), List.of(1.0)));
        List<KeyValue> keys = new ArrayList<>();
        for (Object value : values) {
            keys.add(new KeyValue(Arrays.asList(value)));
        }
        keys.add(new KeyValue("c1", 1.0));
        keys.add(new KeyValue("c1", 2.0));
        keys.add(new KeyValue("c2", 1.0));
        keys.add(new KeyValue("c1", NOT_A_DOUBLE));
        keys.add(new KeyValue(Arrays.asList(null, "x")));
        return keys;
    }

    @Test
    void comparesZeroExactlyForEqualKeys() {
        List<KeyValue> keys = samples();
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                KeyValue copy = copyOf(b);
                int cmp = KeyValueDataType.compareKeys(a, copy);
                assertThat(cmp == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
                assertThat(Integer.signum(cmp)).as("antisymmetric: %s vs %s", a, b)
                        .isEqualTo(-Integer.signum(KeyValueDataType.compareKeys(copy, a)));
            }
        }
    }

    @Test
    void isTransitive() {
        List<KeyValue> keys = samples();
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                for (KeyValue c : keys) {
                    if (KeyValueDataType.compareKeys(a, b) <= 0 && KeyValueDataType.compareKeys(b, c) <= 0) {
                        assertThat(KeyValueDataType.compareKeys(a, c)).as("%s <= %s <= %s", a, b, c)
                                .isLessThanOrEqualTo(0);
                    }
                }
            }
        }
    }

    @Test
    void ordersTheCommonKeysLikeMongoDb() {
        assertThat(KeyValueDataType.compareKeys(new KeyValue(2.0), new KeyValue(10.0))).isNegative();
        assertThat(KeyValueDataType.compareKeys(new KeyValue(NOT_A_DOUBLE), new KeyValue((double) (1L << 53))))
                .isPositive();
        assertThat(KeyValueDataType.compareKeys(new KeyValue(1e300), new KeyValue("a"))).isNegative();
        assertThat(KeyValueDataType.compareKeys(new KeyValue("b"), new KeyValue("ab"))).isPositive();
        assertThat(KeyValueDataType.compareKeys(new KeyValue("z"), new KeyValue(new ObjectId()))).isNegative();
    }

    /** A key read back from the file: the same values, none of them the same instance. */
    private static KeyValue copyOf(KeyValue key) {
        return (KeyValue) ObjectDataType.deserialize(ObjectDataType.serialize(key));
    }

    /** Every sample, and keys of several values, read back as an equal key, most of them written as BSON. */
    @Test
    void canReadBackEveryKeyItWrote() {
        KeyValueDataType type = new KeyValueDataType();
        List<KeyValue> keys = new ArrayList<>(samples());
        keys.add(new KeyValue("65000000000000000000000a", 42.0));
        keys.add(new KeyValue(new ObjectId("0123456789abcdef01234567"), "alice", NOT_A_DOUBLE));
        keys.add(new KeyValue(Instant.parse("2026-12-02T10:00:00.123456Z")));
        int asBson = 0;
        for (KeyValue key : keys) {
            WriteBuffer buffer = new WriteBuffer();
            type.write(buffer, key);
            ByteBuffer written = buffer.getBuffer();
            written.flip();
            if (BsonDocumentDataType.isBson(written)) {
                asBson++;
            }
            KeyValue back = type.read(written);
            assertThat(back).as("%s", key).isEqualTo(key);
            assertThat(type.compare(back, key)).as("%s", key).isZero();
            assertThat(written.remaining()).as("%s read to its end", key).isZero();
        }
        assertThat(asBson).as("keys written as BSON").isGreaterThan(keys.size() / 2).isLessThan(keys.size());
    }
}
