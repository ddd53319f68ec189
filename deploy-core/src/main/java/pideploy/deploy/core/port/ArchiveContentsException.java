package pideploy.deploy.core.port;

import java.io.IOException;

/** An intact archive that does not hold what a master image archive must: exactly one {@code .img}. */
public final class ArchiveContentsException extends IOException {
    public ArchiveContentsException(String message) {
        super(message);
    }
}
