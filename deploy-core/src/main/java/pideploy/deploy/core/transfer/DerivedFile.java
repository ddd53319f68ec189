package pideploy.deploy.core.transfer;

import java.util.Optional;
import pideploy.deploy.core.image.MasterImage;

/**
 * The three files derived from an image, named by appending a suffix to the image's file name
 * ({@code kxp2-1.0-pi.img} -> {@code kxp2-1.0-pi.img.zranges.json}). Names that would not be valid store names
 * (too long) make preparation fail with a reason; they are never shortened, so a URL always names its image.
 */
public enum DerivedFile {
    /** bmaptool 2.0 XML block map. */
    BMAP(".bmap"),
    /** Concatenated zstd frames, one per segment. */
    DATA(".zranges"),
    /** JSON index of the segments. */
    INDEX(".zranges.json");

    private final String suffix;

    DerivedFile(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** @throws IllegalArgumentException if the derived name is not a valid store file name */
    public String nameFor(String imageFileName) {
        return MasterImage.validateFileName(imageFileName + suffix);
    }

    /**
     * Splits a requested name into the image file name and the kind of derived file, trying the longest suffix
     * first ({@code .zranges.json} before {@code .zranges}); empty when no suffix matches.
     */
    public static Optional<Split> split(String requested) {
        for (DerivedFile kind : new DerivedFile[] {INDEX, DATA, BMAP}) {
            if (requested != null && requested.endsWith(kind.suffix) && requested.length() > kind.suffix.length()) {
                return Optional.of(new Split(requested.substring(0, requested.length() - kind.suffix.length()), kind));
            }
        }
        return Optional.empty();
    }

    /** A requested derived name taken apart. */
    public record Split(String imageFileName, DerivedFile kind) {}
}
