package pideploy.deploy.core.image;

import java.util.Locale;

/** How a master image file was packed when it was registered (ADR-0055); the store keeps only the raw image. */
public enum ImageFormat {
    RAW,
    XZ,
    GZIP,
    ZSTD,
    ZIP;

    public boolean compressed() {
        return this != RAW;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
