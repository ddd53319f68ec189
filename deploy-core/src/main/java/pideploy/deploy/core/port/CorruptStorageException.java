package pideploy.deploy.core.port;

/**
 * The store's data failed its integrity check (a damaged page, a file that is not a database). The server refuses to
 * start on it rather than answer every write with an error; the message names the file and how to restore it.
 */
public class CorruptStorageException extends StorageException {
    public CorruptStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public CorruptStorageException(String message) {
        super(message);
    }
}
