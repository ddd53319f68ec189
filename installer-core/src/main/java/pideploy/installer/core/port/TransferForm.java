package pideploy.installer.core.port;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A transfer form the server offers beside the raw image (the config answer's {@code transfer_forms}): where its
 * index and data are, the SHA-256 of the index file (the index is trusted only if it matches) and its sizes.
 * Forms of types the installer does not know are still parsed, and never chosen.
 */
public record TransferForm(
        String type, String indexUrl, String dataUrl, String indexSha256, long mappedBytes, long compressedBytes) {
    /** Block-mapped ranges compressed as one zstd frame per segment (docs/protocol.md, "zstd-ranges-v1"). */
    public static final String ZSTD_RANGES_V1 = "zstd-ranges-v1";

    public TransferForm {
        Objects.requireNonNull(type, "type");
        if (indexUrl == null || indexUrl.isBlank()) {
            throw new IllegalArgumentException("transfer form index_url must be present, was '%s'".formatted(indexUrl));
        }
        if (dataUrl == null || dataUrl.isBlank()) {
            throw new IllegalArgumentException("transfer form data_url must be present, was '%s'".formatted(dataUrl));
        }
        if (indexSha256 == null
                || indexSha256.length() != 64
                || !indexSha256.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException(
                    "transfer form index_sha256 must be 64 hex digits, was '%s'".formatted(indexSha256));
        }
        indexSha256 = indexSha256.toLowerCase(Locale.ROOT);
        if (mappedBytes < 0 || compressedBytes < 0) {
            throw new IllegalArgumentException("transfer form mapped_bytes and compressed_bytes must not be negative, "
                    + "were %d and %d".formatted(mappedBytes, compressedBytes));
        }
    }
}
