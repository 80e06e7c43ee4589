package org.fulcrum.server.lawful.web;

import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.lawful.intake.LawfulIntake;

/** A document uploaded with a request form, read within its size limit and named for the field. */
final class Uploads {
    private Uploads() {}

    static Optional<LawfulIntake.Document> document(String field, UploadedFile file) {
        if (file == null || file.size() == 0) {
            return Optional.empty();
        }
        if (file.size() > LawfulIntake.Document.MAX_BYTES) {
            throw new FulcrumException.InvalidInput(field, "must be at most 2 MB");
        }
        try (InputStream in = file.content()) {
            return Optional.of(new LawfulIntake.Document(
                    file.filename(),
                    file.contentType() == null ? "application/octet-stream" : file.contentType(),
                    in.readNBytes(LawfulIntake.Document.MAX_BYTES + 1)));
        } catch (IOException e) {
            throw new FulcrumException.InvalidInput(field, "could not be read");
        }
    }
}
