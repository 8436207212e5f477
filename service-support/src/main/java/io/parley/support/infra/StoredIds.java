package io.parley.support.infra;

import org.bson.types.ObjectId;

/** How Spring Data stores a {@code String} id, for code that reads and writes the same documents with the driver. */
public final class StoredIds {

    private StoredIds() {
    }

    /**
     * The {@code _id} as Spring Data's mapping stores it: an id of ObjectId form is kept as an ObjectId (its rule for
     * a {@code String} id, which its reads by id follow too), any other as the string.
     */
    public static Object of(String id) {
        return ObjectId.isValid(id) ? new ObjectId(id) : id;
    }
}
