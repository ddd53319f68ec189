package pideploy.deploy.core.usecase;

/**
 * How far a registration is, told by {@link RegisterImage} after every buffer it stores (1 MiB of image), so a
 * command line or an upload can show what a many-GB image is waiting for. Called on the registering thread;
 * implementations must be quick.
 */
@FunctionalInterface
public interface RegistrationProgress {
    RegistrationProgress NONE = (phase, inputBytes, imageBytes) -> {};

    /**
     * @param inputBytes bytes of the file as given (compressed, when it is) read so far
     * @param imageBytes bytes of the raw image stored and hashed so far
     */
    void update(Phase phase, long inputBytes, long imageBytes);

    enum Phase {
        /** A compressed file is unpacked, hashed and stored in one pass. */
        DECOMPRESSING,
        /** A raw image is hashed and stored. */
        HASHING,
        /** The stored image's root filesystem is checked and shrunk, and the shrunk file hashed (ADR-0063). */
        SHRINKING,
        /** The stored image's boot partition is read for its first-boot method. */
        INSPECTING
    }
}
