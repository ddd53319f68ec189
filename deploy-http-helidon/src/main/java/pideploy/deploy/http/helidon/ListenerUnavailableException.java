package pideploy.deploy.http.helidon;

/**
 * A listener could not be opened: its address is taken by another process or does not exist on this machine.
 * The message names the address, the listener and its setting, the reason, and what to do.
 */
public final class ListenerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String address;

    ListenerUnavailableException(String address, String listener, String setting, String reason) {
        super("cannot listen on %s (%s listener, --%s): %s; stop what uses it or choose another address with --%s"
                .formatted(address, listener, setting, reason, setting));
        this.address = address;
    }

    /** The {@code HOST:PORT} that could not be bound. */
    public String address() {
        return address;
    }
}
