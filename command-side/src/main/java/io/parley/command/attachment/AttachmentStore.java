package io.parley.command.attachment;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.gridfs.model.GridFSFile;
import io.parley.kernel.Ids;
import io.parley.kernel.api.AttachmentView;
import io.parley.kernel.error.ParleyException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.stereotype.Component;

/** Attachment bytes in MongoDB GridFS, with who uploaded them: the fact a message's attachments are checked against. */
@Component
public class AttachmentStore {

    private final GridFsTemplate files;
    private final Clock clock;

    AttachmentStore(GridFsTemplate files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    AttachmentView store(InputStream content, String name, String contentType, long size, String uploadedBy)
            throws IOException {
        Instant createdAt = clock.instant();
        Document metadata = new Document("uploadedBy", uploadedBy)
                .append("contentType", contentType)
                .append("createdAt", Date.from(createdAt));
        ObjectId id = files.store(content, name, contentType, metadata);
        return new AttachmentView(id.toHexString(), name, contentType, size, uploadedBy, createdAt);
    }

    /** Every id names an attachment {@code sender} uploaded; otherwise {@code validation_failed}, naming the first. */
    public void requireUploadedBy(List<String> attachmentIds, String sender) {
        List<ObjectId> ids = new ArrayList<>();
        for (String id : attachmentIds) {
            if (!Ids.isValid(id)) {
                throw ParleyException.validation("attachment " + id + " is not a valid id");
            }
            ids.add(new ObjectId(id));
        }
        if (ids.isEmpty()) {
            return;
        }
        Set<String> owned = new HashSet<>();
        for (GridFSFile file : files.find(query(where("_id").in(ids)))) {
            if (file.getMetadata() != null && sender.equals(file.getMetadata().getString("uploadedBy"))) {
                owned.add(file.getObjectId().toHexString());
            }
        }
        attachmentIds.stream().filter(id -> !owned.contains(id)).findFirst().ifPresent(unknown -> {
            throw ParleyException.validation("attachment " + unknown + " is unknown or was not uploaded by you");
        });
    }
}
