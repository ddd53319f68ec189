package pideploy.deploy.http.helidon.manage;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.profile.DeviceProfile;
import pideploy.deploy.core.profile.ProfileChange;
import pideploy.deploy.core.profile.ProfileLayer;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.profile.ProfileText;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;
import pideploy.deploy.http.helidon.auth.AuditTrail;

/**
 * Profile layers (ADR-0061): {@code /api/v1/profiles/{kind}/{key}}. A layer travels as its {@code ProfileText}
 * lines; every answer shows secrets as {@code <redacted>}, and a layer sent back with {@code <redacted>} keeps the
 * stored secret, so reading, editing and writing never needs the secret again.
 */
public final class ProfileApi {
    private final DeployCore core;
    private final AuditTrail audit;
    private final int maxBody;

    public ProfileApi(DeployCore core, AuditTrail audit, int maxBody) {
        this.core = core;
        this.audit = audit;
        this.maxBody = maxBody;
    }

    /**
     * A layer as the API shows it: secrets redacted, as lines for readers that prefer them, and which secrets are set
     * (each only as {@code "set"}: the API never gives a secret back, ADR-0093).
     */
    public record LayerView(
            String kind,
            String key,
            String settings,
            List<String> lines,
            java.util.Map<String, String> secrets,
            Instant updatedAt) {
        static LayerView of(ProfileLayer l) {
            String text = ProfileText.encode(l.settings(), true);
            java.util.Map<String, String> secrets = new java.util.LinkedHashMap<>();
            ProfileText.secretKeys(l.settings()).forEach(k -> secrets.put(k, "set"));
            return new LayerView(
                    l.scope().kind(), l.scope().key(), text, text.lines().toList(), secrets, l.updatedAt());
        }
    }

    /** A merged profile for one device: which layers, the redacted result, device.env as it will be written. */
    public record PreviewView(String serial, String hostname, List<String> layers, List<String> lines) {
        static PreviewView of(SerialNumber serial, DeviceProfile p) {
            return new PreviewView(
                    serial.value(),
                    p.facts().hostname().value(),
                    p.layers().stream().map(ProfileScope::describe).toList(),
                    p.redacted().lines().toList());
        }
    }

    /** {@code GET /api/v1/profiles}: every layer, by kind then key. */
    public void list(ServerRequest req, ServerResponse res) {
        Json.send(res, core.manageProfiles().list().stream().map(LayerView::of).toList());
    }

    /** {@code GET /api/v1/profiles/{kind}/{key}}. */
    public void get(ServerRequest req, ServerResponse res) {
        ProfileScope scope = scope(req);
        Json.send(
                res,
                core.manageProfiles()
                        .find(scope)
                        .map(LayerView::of)
                        .orElseThrow(() -> ApiProblem.notFound("%s has no profile".formatted(scope.describe()))));
    }

    /** {@code PUT /api/v1/profiles/{kind}/{key}} with {@code {settings}}: replaces the layer. */
    public void put(ServerRequest req, ServerResponse res) {
        ProfileScope scope = scope(req);
        JsonFields f = Json.readObject(req, maxBody);
        String text = f.text("settings", 64 * 1024);
        Optional<ProfileSettings> stored = core.manageProfiles().find(scope).map(ProfileLayer::settings);
        ProfileSettings settings = JsonFields.parse("settings", text, t -> ProfileText.decode(t, stored));
        ProfileChange change;
        try {
            change = core.manageProfiles().set(scope, settings);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("settings", e.getMessage());
        }
        switch (change) {
            case ProfileChange.Saved s -> {
                Audited.record(
                        audit,
                        req,
                        "profile.set",
                        scope.describe(),
                        "%d settings".formatted(ProfileText.lineCount(settings)));
                Json.send(res, LayerView.of(s.layer()));
            }
            case ProfileChange.AddressTaken t -> throw ApiProblem.conflict("ADDRESS_TAKEN", t.message());
            case ProfileChange.OwnerNotFound n -> throw ApiProblem.notFound(n.message());
        }
    }

    /** {@code DELETE /api/v1/profiles/{kind}/{key}}. */
    public void delete(ServerRequest req, ServerResponse res) {
        ProfileScope scope = scope(req);
        if (!core.manageProfiles().remove(scope)) {
            throw ApiProblem.notFound("%s has no profile".formatted(scope.describe()));
        }
        Audited.record(audit, req, "profile.remove", scope.describe(), "");
        res.status(io.helidon.http.Status.NO_CONTENT_204).send();
    }

    /** {@code GET /api/v1/devices/{serial}/profile?batch=}: what that device would get if it asked now. */
    public void preview(ServerRequest req, ServerResponse res) {
        SerialNumber serial = Params.path(req, "serial", SerialNumber::of);
        Optional<pideploy.deploy.core.batch.BatchId> batch =
                Params.query(req, "batch", 20, pideploy.deploy.core.batch.BatchId::parse);
        Json.send(
                res,
                core.manageProfiles()
                        .preview(serial, batch)
                        .map(p -> PreviewView.of(serial, p))
                        .orElseThrow(
                                () -> ApiProblem.notFound(("device %s holds no hostname yet; its profile depends on "
                                                + "the hostname it will get")
                                        .formatted(serial))));
    }

    /** {@code GET /api/v1/deployments/{id}/profile}: what that deployment was given, redacted. */
    public void applied(ServerRequest req, ServerResponse res) {
        DeploymentId id = Params.path(req, "id", DeploymentId::parse);
        String text = core.manageProfiles()
                .applied(id)
                .orElseThrow(() -> ApiProblem.notFound(
                        "deployment %d was given no profile (no layer applied, or its installer predates profiles)"
                                .formatted(id.value())));
        List<String> booted =
                core.manageProfiles().booted(id).map(b -> b.lines().toList()).orElse(List.of());
        Json.send(res, new AppliedView(id.value(), text.lines().toList(), booted));
    }

    /**
     * What a deployment was given ({@code lines}, redacted) and what its device said took effect at boot
     * ({@code booted}: Wi-Fi joined, addresses, OS version, each hook's exit code and output; empty until then).
     */
    public record AppliedView(long deploymentId, List<String> lines, List<String> booted) {}

    private static ProfileScope scope(ServerRequest req) {
        String kind = req.path().pathParameters().get("kind");
        String key = req.path().pathParameters().get("key");
        return JsonFields.parse("kind/key", kind + "/" + key, t -> ProfileScope.of(kind, key));
    }
}
