package pideploy.deploy.http.helidon.device;

/**
 * Where the device API records a refused request as a spoofing attempt (ADR-0042): the composition root writes it to
 * the audit log beside the operators' actions, so an operator sees who tried what from where.
 */
@FunctionalInterface
public interface SpoofAudit {
    /** Records nothing: for tests and tools that have no audit log. */
    SpoofAudit NONE = (address, target, detail) -> {};

    /**
     * @param address the client's address
     * @param target  what was aimed at, e.g. {@code deployment 17} or {@code mac dc:a6:32:01:02:03}
     * @param detail  the refusal's code and message
     */
    void record(String address, String target, String detail);
}
