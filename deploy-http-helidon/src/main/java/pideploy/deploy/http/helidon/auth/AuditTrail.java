package pideploy.deploy.http.helidon.auth;

/** Records operator actions (who, what, on what, from where); the composition root backs it with the fleet database. */
@FunctionalInterface
public interface AuditTrail {
    /**
     * @param action short verb phrase, e.g. {@code venue.add}
     * @param target what was acted on, e.g. a venue code or batch id; may be empty
     * @param details free text for humans; may be empty
     */
    void record(Operator operator, String action, String target, String details);
}
