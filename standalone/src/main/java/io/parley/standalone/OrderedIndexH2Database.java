package io.parley.standalone;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An H2 database of the embedded store whose unique indexes live in maps keyed with {@link KeyValueDataType}, and
 * whose collections keep their documents as BSON ({@link BsonDocumentDataType}, which still reads the Java-serialised
 * documents of older files, so the documents maps keep their names) and count their size only when asked
 * ({@link UnsizedH2Collection}).
 *
 * <p>Those maps have names of their own: a map written by plain {@code H2Database} (named
 * {@code <db>.<collection>._index_<index>}) is ordered by the keys' serialised bytes, and searching it in the new
 * order would miss keys. Opening an index whose old map is still in the file copies the old map's entries into the
 * new one and removes the old map, once. The removal is the migration's last step, so an old map still present
 * means the migration has not finished (a crash can leave a partly filled new map committed by H2's background
 * commit): it starts again from an empty new map.
 */
final class OrderedIndexH2Database extends H2Database {

    private static final Logger log = LoggerFactory.getLogger(OrderedIndexH2Database.class);

    /** What H2Database puts between a collection's namespace and an index's name (see its mapNameForIndex). */
    static final String OLD_INDEX_INFIX = "._index_";
    static final String INDEX_INFIX = "._ordered_index_";
    /** H2Database's names for a collection's documents map and meta map, before the collection's namespace. */
    static final String DATA_PREFIX = "databases.";
    static final String META_PREFIX = "meta.";

    private final MVStore store;

    OrderedIndexH2Database(String databaseName, MVStore store, CursorRegistry cursors) {
        super(databaseName, store, cursors);
        this.store = store;
        super.initializeNamespacesAndIndexes();
    }

    /**
     * H2Database's constructor opens the collections and indexes already in the file as its last step, before this
     * class has the store that {@link #openOrCreateUniqueIndex} needs (H2Database keeps its own private): this
     * class's constructor does that step instead, once the store is set.
     */
    @Override
    protected void initializeNamespacesAndIndexes() {
        if (store != null) {
            super.initializeNamespacesAndIndexes();
        }
    }

    /** As H2Database opens a collection (same map names, same meta map), with documents written as BSON. */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> documents = store.openMap(DATA_PREFIX + namespace,
                new MVMap.Builder<Object, Document>().valueType(new BsonDocumentDataType()));
        MVMap<String, Object> meta = store.openMap(META_PREFIX + namespace);
        return new UnsizedH2Collection(this, collectionName, options, documents, meta, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        String oldName = getFullCollectionNamespace(collectionName) + OLD_INDEX_INFIX + indexName;
        String name = getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName;
        if (store.hasMap(oldName)) {
            migrate(oldName, name);
        }
        return new OrderedUniqueIndex(openIndexMap(name), indexName, keys, sparse);
    }

    private MVMap<KeyValue, Object> openIndexMap(String name) {
        return store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueDataType()));
    }

    private void migrate(String oldName, String name) {
        if (store.hasMap(name)) {
            store.removeMap(name);
        }
        MVMap<Object, Object> old = store.openMap(oldName);
        MVMap<KeyValue, Object> index = openIndexMap(name);
        long copied = 0;
        for (Map.Entry<Object, Object> entry : old.entrySet()) {
            KeyValue key = (KeyValue) entry.getKey();
            Object clash = index.putIfAbsent(key, entry.getValue());
            if (clash != null) {
                // equal value by value, told apart only by how their bytes were written: the old index let both in
                log.warn("index map {}: key {} is there twice, kept the entry for {}, dropped the one for {}",
                        oldName, key, clash, entry.getValue());
            } else {
                copied++;
            }
        }
        store.removeMap(old);
        log.info("index map {} migrated to {} ({} keys), the old map removed", oldName, name, copied);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        // removes the old map (if any is left)
        super.dropIndex(collection, indexName);
        store.removeMap(getFullCollectionNamespace(collection.getCollectionName()) + INDEX_INFIX + indexName);
    }
}
