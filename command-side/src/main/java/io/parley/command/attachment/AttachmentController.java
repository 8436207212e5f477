package io.parley.command.attachment;

import io.parley.kernel.api.AttachmentView;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ParleyException;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code POST /api/attachment}: one multipart {@code file}, at most {@code spring.servlet.multipart.max-file-size}. */
@RestController
class AttachmentController {

    private static final int MAX_NAME_LENGTH = 255;

    private final AttachmentStore attachments;

    AttachmentController(AttachmentStore attachments) {
        this.attachments = attachments;
    }

    @PostMapping(path = "/api/attachment", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    AttachmentView upload(Caller caller, @RequestParam("file") MultipartFile file) throws IOException {
        if (file.isEmpty()) {
            throw ParleyException.validation("file is empty");
        }
        String name = StringUtils.getFilename(StringUtils.cleanPath(
                file.getOriginalFilename() == null ? "" : file.getOriginalFilename()));
        if (name == null || name.isBlank()) {
            name = "file";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(name.length() - MAX_NAME_LENGTH);
        }
        String contentType = storedContentType(file.getContentType());
        try (InputStream content = file.getInputStream()) {
            return attachments.store(content, name, contentType, file.getSize(), caller.userId());
        }
    }

    /**
     * The type as the client declared it when it parses as {@code type/subtype[; parameters]}, in its normal form;
     * anything else ({@code !!!garbage}, {@code ""}, an unclosed quote, a wildcard) is kept as
     * {@code application/octet-stream}, so every stored type can be served back.
     */
    static String storedContentType(String declared) {
        if (declared == null || declared.isBlank()) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
        try {
            MediaType parsed = MediaType.parseMediaType(declared);
            return parsed.isConcrete() ? parsed.toString() : MediaType.APPLICATION_OCTET_STREAM_VALUE;
        } catch (InvalidMediaTypeException unparsable) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
    }
}
