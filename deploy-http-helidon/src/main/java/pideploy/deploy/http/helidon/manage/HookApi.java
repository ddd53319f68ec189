package pideploy.deploy.http.helidon.manage;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import pideploy.deploy.core.profile.HookChange;
import pideploy.deploy.core.profile.HookName;
import pideploy.deploy.core.profile.HookScript;
import pideploy.deploy.core.profile.HookVersion;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;
import pideploy.deploy.http.helidon.auth.AuditTrail;
import pideploy.deploy.http.helidon.auth.OperatorAccess;

/**
 * Operator hooks (ADR-0094): {@code /api/v1/hooks}, {@code /api/v1/hooks/{kind}/{key}/{name}} (versions, upload,
 * remove) and {@code .../diff?from=&to=}. Uploads and removals are audited with the version and the script's SHA-256.
 */
public final class HookApi {
    private final DeployCore core;
    private final AuditTrail audit;
    private final int maxBody;

    public HookApi(DeployCore core, AuditTrail audit, int maxBody) {
        this.core = core;
        this.audit = audit;
        this.maxBody = maxBody;
    }

    /** One version as the API shows it. */
    public record HookView(
            String kind,
            String key,
            String name,
            int version,
            String script,
            String sha256,
            String author,
            Instant createdAt) {
        static HookView of(HookVersion h) {
            return new HookView(
                    h.owner().kind(),
                    h.owner().key(),
                    h.name().value(),
                    h.version(),
                    h.script().text(),
                    h.script().sha256(),
                    h.author(),
                    h.createdAt());
        }
    }

    /** The diff between two versions, one entry per line marked {@code " "}, {@code "-"} or {@code "+"}. */
    public record DiffView(String kind, String key, String name, int from, int to, List<String> lines) {}

    /** {@code GET /api/v1/hooks}: the latest version of every hook. */
    public void list(ServerRequest req, ServerResponse res) {
        Json.send(res, core.manageHooks().list().stream().map(HookView::of).toList());
    }

    /** {@code GET /api/v1/hooks/{kind}/{key}/{name}}: every version, oldest first. */
    public void versions(ServerRequest req, ServerResponse res) {
        ProfileScope owner = owner(req);
        HookName name = name(req);
        List<HookVersion> versions = core.manageHooks().versions(owner, name);
        if (versions.isEmpty()) {
            throw ApiProblem.notFound("%s has no hook %s".formatted(owner.describe(), name));
        }
        Json.send(res, versions.stream().map(HookView::of).toList());
    }

    /** {@code PUT /api/v1/hooks/{kind}/{key}/{name}} with {@code {script}}: a new version when the text changed. */
    public void upload(ServerRequest req, ServerResponse res) {
        ProfileScope owner = owner(req);
        HookName name = name(req);
        JsonFields f = Json.readObject(req, maxBody);
        HookScript script = JsonFields.parse("script", f.text("script", HookScript.MAX_BYTES), HookScript::new);
        String author = OperatorAccess.operator(req).username();
        switch (core.manageHooks().upload(owner, name, script, author)) {
            case HookChange.Saved s -> {
                Audited.record(audit, req, "hook.upload", s.version().describe(), "sha256 " + script.sha256());
                Json.send(res, Status.CREATED_201, HookView.of(s.version()));
            }
            case HookChange.Unchanged u -> Json.send(res, HookView.of(u.latest()));
            case HookChange.OwnerNotFound n -> throw ApiProblem.notFound(n.message());
        }
    }

    /** {@code DELETE /api/v1/hooks/{kind}/{key}/{name}}: the hook and all its versions. */
    public void remove(ServerRequest req, ServerResponse res) {
        ProfileScope owner = owner(req);
        HookName name = name(req);
        if (!core.manageHooks().remove(owner, name)) {
            throw ApiProblem.notFound("%s has no hook %s".formatted(owner.describe(), name));
        }
        Audited.record(audit, req, "hook.remove", owner.describe() + " " + name, "");
        res.status(Status.NO_CONTENT_204).send();
    }

    /** {@code GET /api/v1/hooks/{kind}/{key}/{name}/diff?from=1&to=2} (default: the last two versions). */
    public void diff(ServerRequest req, ServerResponse res) {
        ProfileScope owner = owner(req);
        HookName name = name(req);
        List<HookVersion> versions = core.manageHooks().versions(owner, name);
        if (versions.isEmpty()) {
            throw ApiProblem.notFound("%s has no hook %s".formatted(owner.describe(), name));
        }
        int last = versions.getLast().version();
        int to = Params.intQuery(req, "to", last, 1, Integer.MAX_VALUE);
        int from = Params.intQuery(req, "from", Math.max(1, to - 1), 1, Integer.MAX_VALUE);
        List<String> lines = core.manageHooks()
                .diff(owner, name, from, to)
                .orElseThrow(() -> ApiProblem.notFound("%s hook %s has versions 1-%d; no version %d"
                        .formatted(owner.describe(), name, last, Math.max(from, to))));
        Json.send(res, new DiffView(owner.kind(), owner.key(), name.value(), from, to, lines));
    }

    private static ProfileScope owner(ServerRequest req) {
        String kind = req.path().pathParameters().get("kind");
        String key = req.path().pathParameters().get("key");
        return JsonFields.parse(
                "kind/key", kind + "/" + key, t -> HookVersion.requireOwner(ProfileScope.of(kind, key)));
    }

    private static HookName name(ServerRequest req) {
        return Params.path(req, "name", HookName::new);
    }
}
