package pideploy.installer.core.port;

/** Restarts the device so it boots from the freshly written card. */
public interface Rebooter {

    /**
     * Asks the system to reboot; returns once the request was accepted.
     *
     * @throws RebootFailedException if the system refused or the command failed, with its output
     */
    void reboot();
}
