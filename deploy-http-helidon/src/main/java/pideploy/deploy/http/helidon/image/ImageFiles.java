package pideploy.deploy.http.helidon.image;

import java.util.Optional;

/**
 * Looks up a registered image by the file name a device asks for. The only way the image handler reaches the disk:
 * names that are not registered, or that try path tricks, are simply not found.
 */
@FunctionalInterface
public interface ImageFiles {
    /** The registered file of that exact name, or empty; never throws for unknown or odd names. */
    Optional<ServedFile> find(String fileName);
}
