package pideploy.deploy.http.helidon.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import pideploy.deploy.core.profile.AuthorizedKey;
import pideploy.deploy.core.profile.ConfigLine;
import pideploy.deploy.core.profile.DeviceProfile;
import pideploy.deploy.core.profile.Ipv4Address;
import pideploy.deploy.core.profile.NtpServer;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.profile.WifiNetwork;
import pideploy.deploy.core.profile.WifiSecurity;

/**
 * The config answer's {@code profile} (wire {@code Fields.Profile}, docs/protocol.md): the merged profile with its
 * secrets in clear, because the card is where they go. Unset settings are left out, not sent as null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileBody(
        String wifiCountry,
        List<WifiBody> wifi,
        List<String> sshAuthorizedKeys,
        Boolean sshPasswordLogin,
        String passwordHash,
        String timeZone,
        String locale,
        String keyboard,
        List<String> ntpServers,
        StaticIpv4Body staticIpv4,
        List<String> configTxt,
        List<EnvEntryBody> deviceEnv,
        List<HookBody> hooks) {

    /** One operator hook (protocol 4, ADR-0094). */
    public record HookBody(String name, int version, String owner, String script) {}

    /** One network; {@code psk} with security psk, {@code identity} and {@code password} with eap. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WifiBody(
            String ssid, String security, String psk, String identity, String password, boolean hidden, int priority) {
        static WifiBody of(WifiNetwork n) {
            return switch (n.security()) {
                case WifiSecurity.Open o ->
                    new WifiBody(n.ssid(), o.kind(), null, null, null, n.hidden(), n.priority());
                case WifiSecurity.Psk k ->
                    new WifiBody(n.ssid(), k.kind(), k.psk(), null, null, n.hidden(), n.priority());
                case WifiSecurity.Eap e ->
                    new WifiBody(n.ssid(), e.kind(), null, e.identity(), e.password(), n.hidden(), n.priority());
            };
        }
    }

    public record StaticIpv4Body(String address, int prefix, String gateway, List<String> dns) {}

    public record EnvEntryBody(String name, String value) {}

    static ProfileBody of(DeviceProfile profile) {
        ProfileSettings s = profile.settings();
        return new ProfileBody(
                s.wifiCountry().orElse(null),
                s.wifi()
                        .filter(l -> !l.isEmpty())
                        .map(l -> l.stream()
                                .sorted((a, b) -> Integer.compare(b.priority(), a.priority()))
                                .map(WifiBody::of)
                                .toList())
                        .orElse(null),
                s.sshKeys()
                        .filter(l -> !l.isEmpty())
                        .map(l -> l.stream().map(AuthorizedKey::line).toList())
                        .orElse(null),
                s.passwordLogin().orElse(null),
                s.passwordHash().map(h -> h.value()).orElse(null),
                s.timeZone().map(t -> t.value()).orElse(null),
                s.locale().map(l -> l.value()).orElse(null),
                s.keyboard().map(Object::toString).orElse(null),
                s.ntp()
                        .filter(l -> !l.isEmpty())
                        .map(l -> l.stream().map(NtpServer::host).toList())
                        .orElse(null),
                s.staticIpv4()
                        .map(ip -> new StaticIpv4Body(
                                ip.address().toString(),
                                ip.prefix(),
                                ip.gateway().toString(),
                                ip.dns().stream().map(Ipv4Address::toString).toList()))
                        .orElse(null),
                s.configLines().isEmpty()
                        ? null
                        : s.configLines().stream().map(ConfigLine::value).toList(),
                profile.env().entrySet().stream()
                        .map(e -> new EnvEntryBody(e.getKey(), e.getValue()))
                        .toList(),
                profile.hooks().isEmpty()
                        ? null
                        : profile.hooks().stream()
                                .map(h -> new HookBody(
                                        h.name().value(),
                                        h.version(),
                                        h.owner().describe(),
                                        h.script().text()))
                                .toList());
    }
}
