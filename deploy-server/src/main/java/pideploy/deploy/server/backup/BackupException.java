package pideploy.deploy.server.backup;

/** A backup or restore refused: the message names the file or directory and what to do. Nothing was overwritten. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }
}
