package pideploy.installer.core.transfer;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which transfer the installer uses ({@code --transfer}). */
public enum TransferMode {
    /** The best form the server offers that this installer reads; the raw image otherwise. */
    AUTO("auto"),
    /** Always the raw image ({@code image_url}), as old installers do. */
    RAW("raw"),
    /** Only the block-mapped zstd ranges; fail if the server does not offer them. */
    ZSTD_RANGES("zstd-ranges");

    private final String optionValue;

    TransferMode(String optionValue) {
        this.optionValue = optionValue;
    }

    public String optionValue() {
        return optionValue;
    }

    /** Parses the option's value; unknown values fail naming the allowed ones. */
    public static TransferMode fromOption(String value) {
        return Arrays.stream(values())
                .filter(m -> m.optionValue.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--transfer must be one of %s, was '%s'"
                        .formatted(
                                Arrays.stream(values())
                                        .map(TransferMode::optionValue)
                                        .collect(Collectors.joining(", ")),
                                value)));
    }
}
