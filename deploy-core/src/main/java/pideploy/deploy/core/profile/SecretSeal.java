package pideploy.deploy.core.profile;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals profile secrets (Wi-Fi PSKs, EAP passwords, the password hash) for storage with AES-256-GCM under a key kept
 * outside the database (ADR-0093): {@code sealed:v1:} and the base64 of a fresh 12-byte nonce, the ciphertext and its
 * 16-byte tag. A value without that prefix is one stored before secrets were sealed and is read as it is. Thread-safe:
 * each call makes its own {@link Cipher}.
 */
public final class SecretSeal {
    /** What every sealed value starts with; the version names the algorithm and layout. */
    public static final String PREFIX = "sealed:v1:";
    /** Length of a key in bytes (AES-256). */
    public static final int KEY_BYTES = 32;

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<SecretKeySpec> key;
    private final String missingKeyHint;

    private SecretSeal(Optional<SecretKeySpec> key, String missingKeyHint) {
        this.key = key;
        this.missingKeyHint = missingKeyHint;
    }

    /** A seal with {@code key}, {@value #KEY_BYTES} bytes (the contents of {@code secrets.key}, decoded). */
    public static SecretSeal withKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a secrets key must be %d bytes, got %s"
                    .formatted(KEY_BYTES, key == null ? "none" : key.length + " bytes"));
        }
        return new SecretSeal(Optional.of(new SecretKeySpec(key.clone(), "AES")), "");
    }

    /**
     * A seal without a key, for a database opened by a tool that handles no profiles: sealing or opening a secret
     * fails with {@code hint}, so nothing is ever stored in clear and nothing sealed is shown as garbage.
     */
    public static SecretSeal withoutKey(String hint) {
        return new SecretSeal(Optional.empty(), hint);
    }

    /** A new random key of {@value #KEY_BYTES} bytes. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** True when this seal has a key (it can seal and open). */
    public boolean hasKey() {
        return key.isPresent();
    }

    /** True when {@code value} is in the sealed form (whatever key sealed it). */
    public static boolean isSealed(String value) {
        return value.startsWith(PREFIX);
    }

    /**
     * {@code plain} sealed under this key, different every call (a fresh nonce).
     *
     * @throws SecretUnreadableException when this seal has no key
     */
    public String seal(String plain) {
        SecretKeySpec k = key.orElseThrow(() -> new SecretUnreadableException(missingKeyHint));
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new SecretUnreadableException("cannot seal a secret with AES-GCM: " + e.getMessage(), e);
        }
    }

    /**
     * The plain text of {@code stored}: opened when sealed, as it is when it predates sealing.
     *
     * @throws SecretUnreadableException when it is sealed and this seal has no key, or another key sealed it, or it
     *                                   was altered (the message says to restore the data directory's
     *                                   {@code secrets.key})
     */
    public String open(String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        SecretKeySpec k = key.orElseThrow(() -> new SecretUnreadableException(missingKeyHint));
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadableException("a sealed secret is not base64: the database was altered", e);
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretUnreadableException("a sealed secret is too short: the database was altered");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SecretUnreadableException(
                    "a stored secret does not open with this server's secrets.key (another key sealed it, or it was "
                            + "altered): restore the secrets.key that was backed up with this database",
                    e);
        }
    }

    @Override
    public String toString() {
        return key.isPresent() ? "SecretSeal[AES-256-GCM]" : "SecretSeal[no key]";
    }
}
