package io.parley.support.infra;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import java.util.List;
import org.bson.Document;

/** The two bulk writes a projection's batch ends with: one command each, however many documents. */
public final class BulkWrites {

    private BulkWrites() {
    }

    /**
     * Inserts documents written once under a fixed {@code _id}; one stored before (by a repeated batch) is left as it
     * is, any other refusal thrown.
     */
    public static void insertOnce(MongoCollection<Document> collection, List<Document> documents) {
        if (documents.isEmpty()) {
            return;
        }
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }

    /** Writes each document whole under its {@code _id}, inserted if absent. */
    public static void replaceAll(MongoCollection<Document> collection, List<Document> documents) {
        if (documents.isEmpty()) {
            return;
        }
        collection.bulkWrite(documents.stream()
                .map(document -> new ReplaceOneModel<>(eq("_id", document.get("_id")), document,
                        new ReplaceOptions().upsert(true)))
                .toList());
    }
}
