package pideploy.deploy.core.image;

import java.util.Locale;

/**
 * An image's standing in its product's catalog. Exactly one image per product may be {@code ACTIVE}.
 * {@code ROLLED_BACK} images were withdrawn by a rollback and are skipped by later rollbacks (but can be
 * activated explicitly again).
 */
public enum ImageState {
    INACTIVE,
    ACTIVE,
    ROLLED_BACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
