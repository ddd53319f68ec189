package pideploy.installer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import pideploy.installer.core.port.TransferForm;
import pideploy.wire.Fields;

/**
 * Reads the config answer's {@code transfer_forms} (docs/protocol.md, "Transfer forms"). An absent list (old server) is
 * empty; an entry that does not parse is skipped with a log line, so a bad offer never costs the raw image.
 */
final class TransferFormsJson {
    private static final System.Logger LOG = System.getLogger(TransferFormsJson.class.getName());

    private TransferFormsJson() {}

    static List<TransferForm> parse(JsonNode forms) {
        List<TransferForm> parsed = new ArrayList<>();
        if (forms == null || !forms.isArray()) {
            return parsed;
        }
        for (JsonNode form : forms) {
            try {
                parsed.add(new TransferForm(
                        form.path(Fields.TransferForm.TYPE).asText(""),
                        form.path(Fields.TransferForm.INDEX_URL).asText(""),
                        form.path(Fields.TransferForm.DATA_URL).asText(""),
                        form.path(Fields.TransferForm.INDEX_SHA256).asText(""),
                        form.path(Fields.TransferForm.MAPPED_BYTES).asLong(-1),
                        form.path(Fields.TransferForm.COMPRESSED_BYTES).asLong(-1)));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "ignoring an unusable transfer form in the config answer: {0}", e.getMessage());
            }
        }
        return parsed;
    }
}
