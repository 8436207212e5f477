package io.parley.standalone;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of the embedded store's documents maps. H2's default {@link ObjectDataType} Java-serialises every
 * document with a fresh {@code ObjectOutputStream}, and every commit rewrites whole dirty pages, so the same
 * documents were serialised again and again (about a third of all CPU under load). This type writes a document as
 * BSON with mongo-java-server's own codec, after a marker byte that {@link ObjectDataType} never writes first (its
 * type ids and tags are 0 to 14, 19, 32 to 49 and 64 to 119).
 *
 * <p>A value read without the marker was written by {@link ObjectDataType} (a file of the plain backend) and is read
 * by it: old files stay readable, and a document is rewritten as BSON when it is next written. A value the codec
 * would not give back as the same Java objects (a {@code byte[]}, a map that is not a {@link Document}, an instant
 * finer than a millisecond, a string BSON cannot carry, anything the codec does not know) is written as before,
 * Java-serialised without the marker.
 */
final class BsonDocumentDataType extends BasicDataType<Object> {

    /** Negative, so far from the tags {@link ObjectDataType} uses (all below 128). */
    static final byte BSON_MARKER = (byte) 0xB5;

    /** A thread's encoding buffer is kept between values unless a huge document made it larger than this. */
    private static final int KEPT_BUFFER_CAPACITY = 1 << 20;

    private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    /** Reads and writes what BSON does not carry as it was, and what files of the plain backend hold. */
    private final ObjectDataType serialised = new ObjectDataType();

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (!(value instanceof Document document) || !writeBson(buffer, document)) {
            serialised.write(buffer, value);
        }
    }

    /**
     * Writes the marker and the document as BSON, if BSON gives it back as the same Java objects; false, having
     * written nothing, if not.
     */
    static boolean writeBson(WriteBuffer buffer, Document document) {
        if (!encodable(document, 0)) {
            return false;
        }
        ByteBuf bson = ENCODING.get();
        bson.clear();
        try {
            BsonEncoder.encodeDocument(document, bson);
        } catch (RuntimeException e) {
            // encodable() let through something the codec refuses: the old format takes it
            return false;
        } finally {
            if (bson.capacity() > KEPT_BUFFER_CAPACITY) {
                ENCODING.remove();
            }
        }
        if (bson.readableBytes() > BsonConstants.MAX_BSON_OBJECT_SIZE) {
            // BsonDecoder refuses to read it back
            return false;
        }
        buffer.put(BSON_MARKER);
        buffer.put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
        return true;
    }

    @Override
    public Object read(ByteBuffer buffer) {
        return isBson(buffer) ? readBson(buffer) : serialised.read(buffer);
    }

    /** Whether the value at the buffer's position was written by {@link #writeBson}. */
    static boolean isBson(ByteBuffer buffer) {
        return buffer.get(buffer.position()) == BSON_MARKER;
    }

    /** Reads a value {@link #writeBson} wrote, at the buffer's position, and moves past it. */
    static Document readBson(ByteBuffer buffer) {
        int start = buffer.position();
        int documentStart = start + 1;
        int length = Integer.reverseBytes(buffer.getInt(documentStart));
        ByteBuffer bytes = buffer.duplicate();
        bytes.position(documentStart).limit(documentStart + length);
        Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
        buffer.position(documentStart + length);
        return document;
    }

    /**
     * True when BSON gives back the same Java objects: the classes {@link BsonDecoder} makes, and values of theirs
     * that survive the trip. Lists may be of any class (they come back as {@code ArrayList}s, equal to them).
     */
    static boolean encodable(Document document, int depth) {
        if (depth > 100) {
            return false;
        }
        for (Map.Entry<String, Object> entry : document.entrySet()) {
            String key = entry.getKey();
            if (key == null || key.indexOf('\0') >= 0 || !survivesUtf8(key) || !encodableValue(entry.getValue(),
                    depth)) {
                return false;
            }
        }
        return true;
    }

    private static boolean encodableValue(Object value, int depth) {
        if (value == null) {
            return true;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            return survivesUtf8((String) value);
        }
        if (type == Integer.class || type == Long.class || type == Double.class || type == Boolean.class
                || type == ObjectId.class || type == Decimal128.class || type == BinData.class || type == UUID.class
                || type == LegacyUUID.class || type == BsonTimestamp.class || type == MaxKey.class
                || type == MinKey.class) {
            return true;
        }
        if (type == Document.class) {
            return encodable((Document) value, depth + 1);
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!encodableValue(element, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (type == Instant.class) {
            Instant instant = (Instant) value;
            // BSON dates are milliseconds since the epoch, in a long
            return instant.getNano() % 1_000_000 == 0
                    && instant.getEpochSecond() > Long.MIN_VALUE / 1000 + 1
                    && instant.getEpochSecond() < Long.MAX_VALUE / 1000 - 1;
        }
        if (type == BsonRegularExpression.class) {
            BsonRegularExpression regex = (BsonRegularExpression) value;
            return cString(regex.getPattern()) && cString(regex.getOptions());
        }
        if (type == BsonJavaScript.class) {
            String code = ((BsonJavaScript) value).getCode();
            return code != null && survivesUtf8(code);
        }
        return false;
    }

    private static boolean cString(String value) {
        return value != null && value.indexOf('\0') < 0 && survivesUtf8(value);
    }

    /** False for a string with a lone surrogate: UTF-8 replaces it, where Java serialisation kept it. */
    private static boolean survivesUtf8(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * An estimate of the document's size on the heap, which H2 weighs its page cache and splits its pages by. It
     * walks the document without encoding it; values of other kinds get {@link ObjectDataType}'s estimate.
     */
    @Override
    public int getMemory(Object value) {
        if (value instanceof Document document) {
            return (int) Math.min(Integer.MAX_VALUE, documentMemory(document, 0));
        }
        return serialised.getMemory(value);
    }

    private static long documentMemory(Document document, int depth) {
        // the Document, its LinkedHashMap and table, then per entry the map's node and the key
        long memory = 96;
        for (Map.Entry<String, Object> entry : document.entrySet()) {
            memory += 48 + stringMemory(entry.getKey()) + valueMemory(entry.getValue(), depth);
        }
        return memory;
    }

    private static long valueMemory(Object value, int depth) {
        if (value == null || depth > 100) {
            return 0;
        }
        if (value instanceof String string) {
            return stringMemory(string);
        }
        if (value instanceof Document document) {
            return documentMemory(document, depth + 1);
        }
        if (value instanceof List<?> list) {
            long memory = 40 + 8L * list.size();
            for (Object element : list) {
                memory += valueMemory(element, depth + 1);
            }
            return memory;
        }
        if (value instanceof BinData binData) {
            return 32 + binData.getData().length;
        }
        if (value instanceof byte[] bytes) {
            return 16 + bytes.length;
        }
        // boxed numbers, ObjectIds, UUIDs, instants and the like
        return 32;
    }

    private static long stringMemory(String string) {
        return string == null ? 0 : 40 + string.length();
    }

    @Override
    public int compare(Object a, Object b) {
        return serialised.compare(a, b);
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }
}
