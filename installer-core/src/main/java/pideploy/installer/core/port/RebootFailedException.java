package pideploy.installer.core.port;

/** The reboot request was refused or failed; the message carries the command's exit status and error output. */
public class RebootFailedException extends RuntimeException {
    public RebootFailedException(String message) {
        super(message);
    }
}
