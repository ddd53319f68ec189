package pideploy.deploy.http.helidon.manage;

import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.http.helidon.ApiProblem;

/** The HTTP answer to each refusal of an operator use case (ADR-0100), mapped exhaustively. */
final class AccountProblems {
    private AccountProblems() {}

    static ApiProblem of(AccountRefusal refusal) {
        return switch (refusal) {
            case AccountRefusal.NoSuchUser r -> ApiProblem.notFound(r.message());
            case AccountRefusal.NoSuchToken r -> ApiProblem.notFound(r.message());
            case AccountRefusal.AlreadyExists r -> ApiProblem.conflict("ALREADY_EXISTS", r.message());
            case AccountRefusal.LastAdmin r -> ApiProblem.conflict("LAST_ADMIN", r.message());
            case AccountRefusal.LastUser r -> ApiProblem.conflict("LAST_USER", r.message());
            case AccountRefusal.NotAllowed r -> new ApiProblem(403, "FORBIDDEN", r.message());
            case AccountRefusal.WrongPassword r -> new ApiProblem(403, "WRONG_PASSWORD", r.message());
            case AccountRefusal.OldPasswordMissing r ->
                ApiProblem.invalidField("old_password", "is required to change your own password");
            case AccountRefusal.WeakPassword r -> ApiProblem.invalidField("password", r.problem());
            case AccountRefusal.RoleAboveOwner r -> ApiProblem.invalidField("role", r.message());
        };
    }
}
