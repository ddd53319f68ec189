package pideploy.deploy.core.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merged profile one device gets: its layers laid over each other (product, venue, batch, device) and the facts
 * that fill device.env.
 *
 * @param settings the merged settings
 * @param facts    the device's hostname, product, venue, serial and deployment
 * @param layers   the scopes that had a layer, lowest first
 * @param hooks    the operator hooks the device runs once after PiDeploy's first-boot steps, in order: the latest
 *                 version of each of its product's hooks, then of its venue's, each by name (ADR-0094)
 */
public record DeviceProfile(
        ProfileSettings settings,
        DeviceFacts facts,
        List<ProfileScope> layers,
        List<pideploy.deploy.core.profile.HookVersion> hooks) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)\\}");

    public DeviceProfile {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(facts, "facts");
        layers = List.copyOf(layers);
        hooks = List.copyOf(hooks);
    }

    /** Without hooks. */
    public DeviceProfile(ProfileSettings settings, DeviceFacts facts, List<ProfileScope> layers) {
        this(settings, facts, layers, List.of());
    }

    /** The same profile with {@code hooks} to run. */
    public DeviceProfile withHooks(List<pideploy.deploy.core.profile.HookVersion> hooks) {
        return new DeviceProfile(settings, facts, layers, hooks);
    }

    /** Merges {@code found} (lowest first) into the profile of the device {@code facts} describes. */
    public static DeviceProfile merge(List<ProfileLayer> found, DeviceFacts facts) {
        ProfileSettings merged = ProfileSettings.EMPTY;
        for (ProfileLayer layer : found) {
            merged = layer.settings().over(merged);
        }
        return new DeviceProfile(
                merged, facts, found.stream().map(ProfileLayer::scope).toList());
    }

    /**
     * {@code /etc/pideploy/device.env}, in order: PiDeploy's own keys ({@code PIDEPLOY_HOSTNAME}, {@code _VENUE},
     * {@code _PRODUCT}, {@code _IDENTIFIER}, {@code _DEPLOYMENT_ID}), then the operator's keys by name with their
     * placeholders filled in. Values are raw; the writer on the device quotes them.
     */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PIDEPLOY_HOSTNAME", facts.hostname().value());
        env.put("PIDEPLOY_VENUE", facts.venue().value());
        env.put("PIDEPLOY_PRODUCT", facts.product().value());
        env.put("PIDEPLOY_IDENTIFIER", facts.identifier());
        env.put(
                "PIDEPLOY_DEPLOYMENT_ID",
                facts.deployment().map(d -> Long.toString(d.value())).orElse(""));
        settings.env().forEach((name, value) -> env.put(name.value(), fill(value)));
        return env;
    }

    private String fill(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = switch (m.group(1)) {
                case "hostname" -> facts.hostname().value();
                case "venue" -> facts.venue().value();
                case "product" -> facts.product().value();
                case "identifier" -> facts.identifier();
                case "deployment_id" ->
                    facts.deployment().map(d -> Long.toString(d.value())).orElse("");
                case "serial" -> facts.serial().map(s -> s.value()).orElse("");
                default -> m.group(); // refused when the layer was set; kept literally if an old row has one
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * What was applied, as recorded with the deployment: the layers, the merged settings with every secret shown
     * as {@code <redacted>}, and device.env as written.
     */
    public String redacted() {
        StringBuilder out = new StringBuilder();
        out.append("layers=")
                .append(String.join(
                        ",", layers.stream().map(ProfileScope::describe).toList()))
                .append('\n');
        out.append(ProfileText.encode(settings, true));
        env().forEach((k, v) -> out.append("device_env.")
                .append(k)
                .append('=')
                .append(ProfileText.escape(v))
                .append('\n'));
        for (int i = 0; i < hooks.size(); i++) {
            var h = hooks.get(i);
            out.append("hook.%d=%s sha256=%s%n"
                    .formatted(i, h.describe(), h.script().sha256()));
        }
        return out.toString();
    }
}
