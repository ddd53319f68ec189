package pideploy.deploy.http.helidon.manage;

import io.helidon.webserver.http.ServerRequest;
import pideploy.deploy.http.helidon.auth.AuditTrail;
import pideploy.deploy.http.helidon.auth.OperatorAccess;

/** Records an operator action of the current request; a failing audit write must not undo what was done. */
final class Audited {
    private static final System.Logger LOG = System.getLogger(Audited.class.getName());

    private Audited() {}

    static void record(AuditTrail audit, ServerRequest req, String action, String target, String details) {
        var op = OperatorAccess.operator(req);
        LOG.log(
                System.Logger.Level.INFO,
                "operator {0} from {1}: {2} {3} {4}",
                op.username(),
                op.address(),
                action,
                target,
                details);
        try {
            audit.record(op, action, target, details);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "audit entry for {0} {1} by {2} not written: {3}",
                    action,
                    target,
                    op.username(),
                    e.toString());
        }
    }
}
