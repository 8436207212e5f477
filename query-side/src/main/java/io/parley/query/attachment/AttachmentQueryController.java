package io.parley.query.attachment;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.gridfs.model.GridFSFile;
import io.parley.kernel.Ids;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ParleyException;
import io.parley.query.AnsweredSends;
import io.parley.query.ReadModel;
import io.parley.query.ReadModels;
import io.parley.query.conversation.ConversationRecord;
import io.parley.query.message.MessageRecord;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.core.io.Resource;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Attachment bytes, for the uploader and for members who can see a message (not deleted) that sent it. Anyone
 * else gets 404, as if it did not exist.
 */
@RestController
class AttachmentQueryController {

    private final GridFsTemplate files;
    private final ReadModels readModels;
    private final AnsweredSends answered;

    AttachmentQueryController(GridFsTemplate files, ReadModels readModels, AnsweredSends answered) {
        this.files = files;
        this.readModels = readModels;
        this.answered = answered;
    }

    @GetMapping("/api/attachment/{id}")
    ResponseEntity<Resource> download(Caller caller, @PathVariable String id) {
        answered.awaitAll();
        GridFSFile file = Ids.isValid(id) ? files.findOne(query(where("_id").is(new ObjectId(id)))) : null;
        if (file == null || file.getMetadata() == null
                || !(caller.userId().equals(file.getMetadata().getString("uploadedBy")) || sharedWith(id, caller))) {
            throw ParleyException.notFound("attachment not found");
        }
        MediaType mediaType = DownloadPolicy.mediaType(file.getMetadata().getString("contentType"));
        return ResponseEntity.ok()
                .contentType(mediaType)
                .contentLength(file.getLength())
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        DownloadPolicy.contentDisposition(mediaType, file.getFilename()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", DownloadPolicy.CONTENT_SECURITY_POLICY)
                .body(files.getResource(file));
    }

    private boolean sharedWith(String attachmentId, Caller caller) {
        ReadModel model = readModels.live();
        Document refs = model.mongo().findById(
                attachmentId, Document.class, model.collection(ReadModel.ATTACHMENT_REFS));
        if (refs == null) {
            return false;
        }
        List<MessageRecord> senders = model.messages().findAll(refs.getList("refs", String.class));
        Map<String, ConversationRecord> inConversations = model.conversations().findAll(
                        senders.stream().map(MessageRecord::conversationId).distinct().toList()).stream()
                .collect(Collectors.toMap(ConversationRecord::id, Function.identity()));
        return senders.stream().anyMatch(message -> {
            ConversationRecord conversation = inConversations.get(message.conversationId());
            return !message.deleted() && conversation != null && conversation.visibleTo(caller.userId())
                    && conversation.member(caller.userId())
                            .map(member -> member.visibleAfter() < message.seq()).orElse(false);
        });
    }
}
