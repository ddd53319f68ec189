package pideploy.deploy.server.cli.archfixture;

import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.usecase.Operators;

/** Keeps the admin-CLI rule: adds an account through the core's operator use case, as {@code user add} does. */
public final class AddsThroughTheUseCase {
    void add(Operators operators, String username, String password) {
        operators.addOperator().add(Actor.commandLine("pi"), username, password, Role.OPERATOR);
    }
}
