package pideploy.deploy.core.port;

/**
 * The store could not write because its disk (or the database's size limit) is full. Nothing was committed; retrying
 * helps only once an operator has freed space. Distinct from a busy or unreachable store, which a retry fixes.
 */
public class StorageFullException extends StorageException {
    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
