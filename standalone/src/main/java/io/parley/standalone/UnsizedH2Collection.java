package io.parley.standalone;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that does not keep its data size up to date on every write. mongo-java-server encodes each
 * inserted document, and an updated one twice, to BSON only to count its bytes, then rewrites the size in the
 * collection's meta map: under a 1:1 load that was one in seven of the store's command samples and a dirty page of
 * every collection written in each commit. Nothing in Parley asks for the size; {@code collStats} and {@code dbStats}
 * still answer it, counted from the documents when asked.
 */
final class UnsizedH2Collection extends H2Collection {

    private final MVMap<Object, Document> documents;

    UnsizedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, collectionName, options, documents, meta, cursors);
        this.documents = documents;
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected int getDataSize() {
        if (documents == null) {
            // H2Collection's constructor asks, for a debug line, before this class has its map: no count at each start
            return 0;
        }
        long bytes = 0;
        ByteBuf buffer = Unpooled.buffer();
        for (Document document : documents.values()) {
            buffer.clear();
            BsonEncoder.encodeDocument(document, buffer);
            bytes += buffer.writerIndex();
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
