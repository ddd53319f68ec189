package pideploy.deploy.core.transfer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.image.MasterImage;

/**
 * The preparation state of one image's transfer form.
 *
 * @param imageFileName the image it belongs to (its file name in the store)
 * @param format        the transfer format, e.g. {@value #ZSTD_RANGES_V1}
 * @param state         where preparation stands
 * @param bytesDone     mapped bytes compressed so far (progress)
 * @param bytesTotal    mapped bytes to compress; 0 until the block map is known
 * @param reason        why it failed; empty unless {@code failed}
 * @param prepared      the derived files; present exactly when {@code ready}
 * @param updatedAt     when this state was recorded
 */
public record TransferForm(
        String imageFileName,
        String format,
        TransferState state,
        long bytesDone,
        long bytesTotal,
        String reason,
        Optional<PreparedForm> prepared,
        Instant updatedAt) {
    /** The only format so far: independent zstd frames per segment of the mapped ranges. */
    public static final String ZSTD_RANGES_V1 = "zstd-ranges-v1";

    public TransferForm {
        MasterImage.validateFileName(imageFileName);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(prepared, "prepared");
        Objects.requireNonNull(updatedAt, "updatedAt");
        reason = reason == null ? "" : reason;
        if (bytesDone < 0 || bytesDone > bytesTotal) {
            throw new IllegalArgumentException("transfer progress must be 0 <= bytesDone <= bytesTotal, got %d of %d"
                    .formatted(bytesDone, bytesTotal));
        }
        if (prepared.isPresent() != (state == TransferState.READY)) {
            throw new IllegalArgumentException(
                    ("transfer form of %s: prepared files must be present exactly when " + "ready, state is %s")
                            .formatted(imageFileName, state.wireName()));
        }
        if (state == TransferState.FAILED && reason.isBlank()) {
            throw new IllegalArgumentException("failed transfer form of %s needs a reason".formatted(imageFileName));
        }
        if (reason.length() > 2000) {
            reason = reason.substring(0, 2000);
        }
    }

    public static TransferForm pending(String imageFileName, String format, Instant at) {
        return new TransferForm(imageFileName, format, TransferState.PENDING, 0, 0, "", Optional.empty(), at);
    }

    public TransferForm preparing(long done, long total, Instant at) {
        return new TransferForm(imageFileName, format, TransferState.PREPARING, done, total, "", Optional.empty(), at);
    }

    public TransferForm ready(PreparedForm files, Instant at) {
        return new TransferForm(
                imageFileName,
                format,
                TransferState.READY,
                files.mappedBytes(),
                files.mappedBytes(),
                "",
                Optional.of(files),
                at);
    }

    public TransferForm failed(String why, Instant at) {
        return new TransferForm(
                imageFileName, format, TransferState.FAILED, bytesDone, bytesTotal, why, Optional.empty(), at);
    }

    public boolean isReady() {
        return state == TransferState.READY;
    }

    /** Progress between 0 and 1; 1 when ready. */
    public double progress() {
        if (state == TransferState.READY) {
            return 1.0;
        }
        return bytesTotal == 0 ? 0.0 : (double) bytesDone / bytesTotal;
    }
}
