package io.parley.standalone;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with unique indexes that compare their keys without serialising them, and documents
 * written as BSON instead of Java serialisation ({@link OrderedIndexH2Database}). The maps' names and everything
 * else are H2Backend's own.
 */
final class OrderedIndexH2Backend extends H2Backend {

    OrderedIndexH2Backend(MVStore store) {
        super(store);
    }

    // H2Backend's constructor opens the databases already in the file through this: it must use no field of ours
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new OrderedIndexH2Database(databaseName, getMvStore(), getCursorRegistry());
    }
}
