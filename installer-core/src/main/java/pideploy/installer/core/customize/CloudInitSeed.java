package pideploy.installer.core.customize;

import java.nio.charset.StandardCharsets;

/**
 * The NoCloud seed for {@code cloud-init} images, as Raspberry Pi Imager 2.x writes it: {@code user-data} (hostname,
 * {@code manage_etc_hosts}) and {@code meta-data} with an instance-id unique to this write, so cloud-init runs its
 * per-instance modules (hostname, SSH host keys) on this card even though the golden image already ran them. Values
 * are written as {@link YamlScalar}s, so each reads back as the string it was.
 */
public final class CloudInitSeed {

    public static final String USER_DATA = "user-data";
    public static final String META_DATA = "meta-data";

    private CloudInitSeed() {}

    public static byte[] userData(FirstBootIdentity id) {
        return userData(id, pideploy.installer.core.port.DeviceProfile.NONE);
    }

    /**
     * With a device profile, one more file: {@code /usr/local/sbin/pideploy-apply-profile}, the same fragment
     * firstrun.sh runs inline (ADR-0062), base64-encoded so no YAML quoting can change it, run by {@code runcmd}
     * before the phone-home and then removed (it holds the Wi-Fi secrets).
     */
    public static byte[] userData(FirstBootIdentity id, pideploy.installer.core.port.DeviceProfile profile) {
        String fragment = ProfileScript.render(profile, id);
        String applyFile = fragment.isEmpty()
                ? ""
                : """
                  - path: /usr/local/sbin/pideploy-apply-profile
                    permissions: '0700'
                    encoding: b64
                    content: %s
                """.formatted(java.util.Base64.getEncoder()
                        .encodeToString(("#!/bin/sh\nROOT=\"${PIDEPLOY_FIRSTRUN_ROOT:-}\"\n" + fragment)
                                .getBytes(StandardCharsets.UTF_8)));
        String applyRun = fragment.isEmpty() ? "" : """
                  - [sh, /usr/local/sbin/pideploy-apply-profile]
                  - [rm, -f, /usr/local/sbin/pideploy-apply-profile]
                """;
        StringBuilder phoneHome = new StringBuilder();
        FirstRunScript.phoneHome(id, false)
                .lines()
                .forEach(line -> phoneHome.append("      ").append(line).append('\n'));
        String text = """
                #cloud-config
                # Written by the PiDeploy installer for deployment %1$s.
                hostname: %2$s
                manage_etc_hosts: true
                resize_rootfs: true
                write_files:
                  - path: /usr/local/sbin/pideploy-phone-home
                    permissions: '0755'
                    content: |
                %3$s%4$sruncmd:
                %5$s  - [sh, /usr/local/sbin/pideploy-phone-home]
                """.formatted(id.deploymentId(), YamlScalar.of(id.hostname()), phoneHome, applyFile, applyRun);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] metaData(FirstBootIdentity id, String instanceId) {
        return "instance-id: %s\nlocal-hostname: %s\n"
                .formatted(YamlScalar.of(instanceId), YamlScalar.of(id.hostname()))
                .getBytes(StandardCharsets.UTF_8);
    }
}
