package pideploy.deploy.core.transfer;

import java.util.Locale;

/**
 * Where the preparation of an image's transfer form stands. {@code pending -> preparing -> ready | failed};
 * a preparation interrupted by a stop stays {@code preparing} and is done again on the next start.
 */
public enum TransferState {
    /** Registered, not started yet (also what an image without any record is). */
    PENDING,
    /** Being prepared now, or interrupted while being prepared. */
    PREPARING,
    /** All three derived files are written and may be offered to devices. */
    READY,
    /** Preparation failed for the stated reason; only the raw image is offered. Not retried by itself. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static TransferState parse(String text) {
        for (TransferState s : values()) {
            if (s.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "transfer state must be pending, preparing, ready or failed, got '%s'".formatted(text));
    }
}
