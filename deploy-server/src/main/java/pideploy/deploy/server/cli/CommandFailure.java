package pideploy.deploy.server.cli;

/** A command that ran but was refused (not found, already exists, conflict): one line for the user, exit code 1. */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message, null, false, false);
    }
}
