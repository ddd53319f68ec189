package pideploy.deploy.core.profile;

import java.util.Objects;
import java.util.regex.Pattern;

/** How a Wi-Fi network is joined. The secrets inside are shown as {@code <redacted>} everywhere but the card. */
public sealed interface WifiSecurity {
    /** The name written in a profile and a keyfile-independent way: {@code open}, {@code psk}, {@code eap}. */
    String kind();

    /** An open network: no secret. */
    record Open() implements WifiSecurity {
        @Override
        public String kind() {
            return "open";
        }
    }

    /**
     * WPA2/WPA3-Personal.
     *
     * @param psk a passphrase of 8-63 printable ASCII characters, or the 64 hex digits of a raw key
     */
    record Psk(String psk) implements WifiSecurity {
        private static final Pattern PASSPHRASE = Pattern.compile("[\\x20-\\x7e]{8,63}");
        private static final Pattern RAW = Pattern.compile("[0-9a-fA-F]{64}");

        public Psk {
            if (psk == null
                    || !(PASSPHRASE.matcher(psk).matches() || RAW.matcher(psk).matches())) {
                throw new IllegalArgumentException(
                        ("wifi psk must be 8-63 printable ASCII characters or 64 hex " + "digits, got %s")
                                .formatted(psk == null ? "none" : psk.length() + " characters"));
            }
        }

        @Override
        public String kind() {
            return "psk";
        }

        @Override
        public String toString() {
            return "Psk[<redacted>]";
        }
    }

    /**
     * WPA2/WPA3-Enterprise with PEAP and MSCHAPv2 (what venue networks with per-user logins use).
     *
     * @param identity the login, 1-128 printable characters
     * @param password the login's password, 1-128 printable characters
     */
    record Eap(String identity, String password) implements WifiSecurity {
        private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]{1,128}");

        public Eap {
            Objects.requireNonNull(identity, "identity");
            if (!PRINTABLE.matcher(identity).matches()) {
                throw new IllegalArgumentException(
                        "wifi eap identity must be 1-128 characters without control characters, got '%s'"
                                .formatted(identity));
            }
            if (password == null || !PRINTABLE.matcher(password).matches()) {
                throw new IllegalArgumentException(
                        "wifi eap password must be 1-128 characters without control characters");
            }
        }

        @Override
        public String kind() {
            return "eap";
        }

        @Override
        public String toString() {
            return "Eap[identity=" + identity + ", password=<redacted>]";
        }
    }
}
