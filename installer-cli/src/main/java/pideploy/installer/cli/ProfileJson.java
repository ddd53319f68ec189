package pideploy.installer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import pideploy.installer.core.port.DeviceProfile;
import pideploy.wire.Fields;

/** The config answer's {@code profile} (protocol 3, docs/protocol.md) as the core's {@link DeviceProfile}. */
final class ProfileJson {
    private ProfileJson() {}

    /**
     * {@link DeviceProfile#NONE} when absent.
     *
     * @throws IllegalArgumentException naming the field, when a value is unusable on the card
     */
    static DeviceProfile parse(JsonNode p) {
        if (p == null || p.isMissingNode() || p.isNull()) {
            return DeviceProfile.NONE;
        }
        if (!p.isObject()) {
            throw new IllegalArgumentException("profile must be an object");
        }
        return new DeviceProfile(
                text(p, Fields.Profile.WIFI_COUNTRY),
                list(
                        p.path(Fields.Profile.WIFI),
                        w -> new DeviceProfile.Wifi(
                                w.path(Fields.Wifi.SSID).asText(""),
                                w.path(Fields.Wifi.SECURITY).asText(""),
                                w.has(Fields.Wifi.PSK)
                                        ? w.path(Fields.Wifi.PSK).asText("")
                                        : w.path(Fields.Wifi.PASSWORD).asText(""),
                                w.path(Fields.Wifi.IDENTITY).asText(""),
                                w.path(Fields.Wifi.HIDDEN).asBoolean(false),
                                w.path(Fields.Wifi.PRIORITY).asInt(0))),
                list(p.path(Fields.Profile.SSH_AUTHORIZED_KEYS), JsonNode::asText),
                p.hasNonNull(Fields.Profile.SSH_PASSWORD_LOGIN)
                        ? Optional.of(p.get(Fields.Profile.SSH_PASSWORD_LOGIN).asBoolean())
                        : Optional.empty(),
                text(p, Fields.Profile.PASSWORD_HASH),
                text(p, Fields.Profile.TIME_ZONE),
                text(p, Fields.Profile.LOCALE),
                text(p, Fields.Profile.KEYBOARD),
                list(p.path(Fields.Profile.NTP_SERVERS), JsonNode::asText),
                p.hasNonNull(Fields.Profile.STATIC_IPV4)
                        ? Optional.of(staticIpv4(p.get(Fields.Profile.STATIC_IPV4)))
                        : Optional.empty(),
                list(p.path(Fields.Profile.CONFIG_TXT), JsonNode::asText),
                list(
                        p.path(Fields.Profile.DEVICE_ENV),
                        e -> new DeviceProfile.EnvEntry(
                                e.path(Fields.EnvEntry.NAME).asText(""),
                                e.path(Fields.EnvEntry.VALUE).asText(""))),
                list(
                        p.path(Fields.Profile.HOOKS),
                        h -> new DeviceProfile.Hook(
                                h.path(Fields.Hook.NAME).asText(""),
                                h.path(Fields.Hook.VERSION).asInt(0),
                                h.path(Fields.Hook.OWNER).asText(""),
                                h.path(Fields.Hook.SCRIPT).asText(""))));
    }

    private static DeviceProfile.StaticIpv4 staticIpv4(JsonNode ip) {
        return new DeviceProfile.StaticIpv4(
                ip.path(Fields.StaticIpv4.ADDRESS).asText(""),
                ip.path(Fields.StaticIpv4.PREFIX).asInt(-1),
                ip.path(Fields.StaticIpv4.GATEWAY).asText(""),
                list(ip.path(Fields.StaticIpv4.DNS), JsonNode::asText));
    }

    private static Optional<String> text(JsonNode p, String field) {
        return p.hasNonNull(field) ? Optional.of(p.get(field).asText()) : Optional.empty();
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> item) {
        List<T> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(item.apply(n)));
        }
        return out;
    }
}
