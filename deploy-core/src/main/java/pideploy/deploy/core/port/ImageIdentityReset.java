package pideploy.deploy.core.port;

import java.io.IOException;
import java.util.List;

/**
 * Takes a captured card's identity out of a stored master image (ADR-0091), so every card deployed from it gets its
 * own at first boot: {@code /etc/machine-id} emptied (systemd makes a new one), the SSH host keys removed (the first
 * boot generates new ones), and the reference Pi's hostname in {@code /etc/hostname} and {@code /etc/hosts} replaced
 * by a neutral one (the installer writes each card's real hostname). Works on the root filesystem (the last
 * partition, ext4) of the stored file without mounting it; implementations use Debian's e2fsprogs ({@code debugfs}).
 */
public interface ImageIdentityReset {
    /** The hostname a reset image carries until the installer writes a card's own. */
    String NEUTRAL_HOSTNAME = "raspberrypi";

    /** Resets nothing: for cores built without the adapter (a capture is then refused). */
    ImageIdentityReset NONE =
            fileName -> new Outcome.Unchanged("this server cannot reset image identities (no adapter configured)");

    /**
     * Resets the identity in the stored image {@code fileName} (committed, not yet recorded, read by nobody else).
     *
     * @throws IOException when the file cannot be read or written; it must then be discarded
     */
    Outcome reset(String fileName) throws IOException;

    /** What a reset did. */
    sealed interface Outcome {
        /** The identity is gone; {@code removed} names what was emptied, removed or replaced, for the record. */
        record Reset(List<String> removed) implements Outcome {
            public Reset {
                removed = List.copyOf(removed);
            }
        }

        /** The file is untouched: no root filesystem this adapter can edit; {@code reason} says why. */
        record Unchanged(String reason) implements Outcome {}
    }
}
