package pideploy.deploy.core.transfer;

import java.util.Locale;

/** Where the block map of a prepared transfer form came from (ADR-0033). */
public enum MapSource {
    /** Computed by disk-image's {@code BlockMapper} from the image's own filesystems. */
    COMPUTED,
    /** The {@code .bmap} that arrived with the image, checked against it and served unchanged. */
    IMPORTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static MapSource parse(String text) {
        for (MapSource s : values()) {
            if (s.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("block map source must be computed or imported, got '%s'".formatted(text));
    }
}
