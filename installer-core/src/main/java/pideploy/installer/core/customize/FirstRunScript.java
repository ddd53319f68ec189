package pideploy.installer.core.customize;

import java.nio.charset.StandardCharsets;

/**
 * The first-boot script for {@code firstrun} images and the phone-home script it installs.
 *
 * <p>firstrun.sh runs once, as {@code kernel-command-line.service} started by {@code systemd.run=}, in a boot that
 * does nothing else; the network is not up then. So it does the local work at once (hostname, machine-id, SSH host
 * keys, root filesystem) and installs a small systemd unit that phones home on the next, normal boot, after
 * {@code network-online.target}, and then removes itself. {@code PIDEPLOY_FIRSTRUN_ROOT} (unset at boot) lets the
 * scripts run against a directory tree in tests.
 */
public final class FirstRunScript {

    /** Name of the script in the FAT root, as the cmdline hook names it. */
    public static final String FILE_NAME = "firstrun.sh";

    private FirstRunScript() {}

    /** The script for a Bookworm layout (boot partition at {@code /boot/firmware}). */
    public static byte[] render(FirstBootIdentity id) {
        return render(id, BootMount.bookworm());
    }

    /**
     * The script's bytes (UTF-8, LF line ends: the Pi runs it with /bin/sh), finding cmdline.txt and itself under
     * {@code bootMount}.
     */
    public static byte[] render(FirstBootIdentity id, BootMount bootMount) {
        return render(id, bootMount, pideploy.installer.core.port.DeviceProfile.NONE);
    }

    /** With the device profile's step (ADR-0062) after the local work and before the phone-home is armed. */
    public static byte[] render(
            FirstBootIdentity id, BootMount bootMount, pideploy.installer.core.port.DeviceProfile profile) {
        String script = """
                #!/bin/sh
                # Written by the PiDeploy installer for deployment %1$s (hostname %2$s).
                # Started once by systemd.run= in cmdline.txt; that boot does only this job, then reboots normally.
                set +e
                ROOT="${PIDEPLOY_FIRSTRUN_ROOT:-}"
                BOOT="$ROOT%3$s"
                NEW_HOSTNAME='%2$s'
                mkdir -p "$ROOT/var/log"
                exec >>"$ROOT/var/log/pideploy-firstrun.log" 2>&1
                echo "pideploy firstrun: deployment %1$s, hostname $NEW_HOSTNAME"

                # Hostname: /etc/hostname and the 127.0.1.1 line of /etc/hosts, as Imager's script does.
                echo "$NEW_HOSTNAME" >"$ROOT/etc/hostname"
                if grep -q '^127\\.0\\.1\\.1' "$ROOT/etc/hosts" 2>/dev/null; then
                  sed -i "s/^127\\.0\\.1\\.1.*/127.0.1.1\\t$NEW_HOSTNAME/" "$ROOT/etc/hosts"
                else
                  printf '127.0.1.1\\t%%s\\n' "$NEW_HOSTNAME" >>"$ROOT/etc/hosts"
                fi

                # machine-id: "uninitialized" (not empty) also sets ConditionFirstBoot=yes on the next boot, which
                # the OS's own first-boot units (e.g. rpi-resize) depend on; every clone gets its own id.
                echo uninitialized >"$ROOT/etc/machine-id"
                rm -f "$ROOT/var/lib/dbus/machine-id"

                # SSH host keys: clones of one golden image must not share them.
                rm -f "$ROOT"/etc/ssh/ssh_host_*_key*
                if command -v ssh-keygen >/dev/null 2>&1; then
                  if [ -n "$ROOT" ]; then ssh-keygen -A -f "$ROOT"; else ssh-keygen -A; fi
                fi

                # Root filesystem: the installer already grew the root partition to the end of the card in the
                # partition table it wrote last, so growing the mounted ext4 online is all that is left.
                ROOT_DEV=$(findmnt -n -o SOURCE / 2>/dev/null)
                if [ -n "$ROOT_DEV" ] && command -v resize2fs >/dev/null 2>&1; then
                  resize2fs "$ROOT_DEV" || echo "pideploy firstrun: resize2fs $ROOT_DEV failed"
                elif command -v raspi-config >/dev/null 2>&1; then
                  raspi-config nonint do_expand_rootfs
                fi

                %6$s# Phone home on the next boot, when the network is up (it is not during this boot).
                mkdir -p "$ROOT/usr/local/sbin" "$ROOT/etc/systemd/system/multi-user.target.wants"
                cat >"$ROOT/usr/local/sbin/pideploy-phone-home" <<'PIDEPLOY_PHONE_HOME'
                %4$sPIDEPLOY_PHONE_HOME
                chmod 755 "$ROOT/usr/local/sbin/pideploy-phone-home"
                cat >"$ROOT/etc/systemd/system/pideploy-phone-home.service" <<'PIDEPLOY_UNIT'
                [Unit]
                Description=PiDeploy: report this device booted
                Wants=network-online.target
                After=network-online.target

                [Service]
                Type=oneshot
                ExecStart=/usr/local/sbin/pideploy-phone-home

                [Install]
                WantedBy=multi-user.target
                PIDEPLOY_UNIT
                ln -sf /etc/systemd/system/pideploy-phone-home.service \\
                  "$ROOT/etc/systemd/system/multi-user.target.wants/pideploy-phone-home.service"

                # Remove exactly our hook, so whatever else the OS changed on the line meanwhile (e.g. a PARTUUID
                # rewritten by its own first boot) stays; then remove this script.
                sed -i 's| systemd\\.run=[^ ]*/firstrun\\.sh systemd\\.run_success_action=reboot systemd\\.unit=kernel-command-line\\.target||' "$BOOT/cmdline.txt"
                rm -f "$BOOT/%5$s"
                sync
                echo "pideploy firstrun: done"
                exit 0
                """.formatted(
                        id.deploymentId(),
                        id.hostname(),
                        bootMount.path(),
                        phoneHome(id, true),
                        FILE_NAME,
                        profileStep(profile, id));
        return script.getBytes(StandardCharsets.UTF_8);
    }

    private static String profileStep(pideploy.installer.core.port.DeviceProfile profile, FirstBootIdentity id) {
        String fragment = ProfileScript.render(profile, id);
        return fragment.isEmpty() ? "" : fragment + "\n";
    }

    /**
     * The phone-home script: POSTs {@code status: booted} with the hostname the device now has, retrying with
     * backoff for about half an hour, with curl or else wget. With {@code asSystemdUnit} it disables and removes
     * itself afterwards.
     */
    static String phoneHome(FirstBootIdentity id, boolean asSystemdUnit) {
        String cleanup = asSystemdUnit ? """
                rm -f "$ROOT/etc/systemd/system/multi-user.target.wants/pideploy-phone-home.service" \\
                  "$ROOT/etc/systemd/system/pideploy-phone-home.service" "$ROOT/usr/local/sbin/pideploy-phone-home"
                """ : "";
        return """
                #!/bin/sh
                # PiDeploy phone-home for deployment %1$s: tells the server this card booted, once.
                ROOT="${PIDEPLOY_FIRSTRUN_ROOT:-}"
                STATUS_URL='%2$s'
                SERIAL=$(tr -d '\\000' <"$ROOT/sys/firmware/devicetree/base/serial-number" 2>/dev/null)
                [ -n "$SERIAL" ] || SERIAL=$(awk '/^Serial/ {print $3}' "$ROOT/proc/cpuinfo" 2>/dev/null)
                [ -n "$SERIAL" ] || SERIAL='%3$s'
                NAME=$(hostname 2>/dev/null)
                [ -n "$NAME" ] || NAME=$(cat "$ROOT/etc/hostname")
                %7$sBODY=$(printf '{"deployment_id":%4$s,"status":"booted","hostname":"%%s","serial":"%%s"%6$s%%s}' "$NAME" "$SERIAL" "$TOOK_EFFECT")
                delay=5
                attempt=1
                while [ "$attempt" -le 40 ]; do
                  if command -v curl >/dev/null 2>&1; then
                    curl -fsS -m 20 -H 'Content-Type: application/json' --data "$BODY" "$STATUS_URL" >/dev/null && break
                  else
                    wget -q -O /dev/null -T 20 --header='Content-Type: application/json' --post-data="$BODY" "$STATUS_URL" && break
                  fi
                  echo "pideploy phone-home: attempt $attempt failed, next in ${delay}s"
                  sleep "$delay"
                  [ "$delay" -lt 60 ] && delay=$((delay * 2))
                  attempt=$((attempt + 1))
                done
                %5$s""".formatted(
                        id.deploymentId(),
                        id.statusUrl(),
                        id.serial(),
                        jsonId(id.deploymentId()),
                        cleanup,
                        secretField(id),
                        TOOK_EFFECT);
    }

    /**
     * Runs the operator's hooks once (ADR-0094) and gathers what took effect for the {@code booted} report (protocol
     * 4): the Wi-Fi SSID joined, the global addresses (the first 16: what the server takes), {@code PRETTY_NAME} of os-release, and per hook its exit code
     * and the last 4 KiB of its output in base64 (its bytes may be anything). Results are kept in
     * {@code /var/lib/pideploy/hook-results.json}, so a retry or a later boot reports the same run instead of running
     * the hooks again. Strings are JSON-escaped by {@code json_str}; control characters are dropped.
     */
    static final String TOOK_EFFECT = """
            json_str() { printf '%%s' "$1" | tr -d '\\000-\\037' | sed 's/\\\\/\\\\\\\\/g; s/"/\\\\"/g'; }
            HOOKS_DIR="$ROOT%1$s"
            RESULTS="$ROOT/var/lib/pideploy/hook-results.json"
            if [ -d "$HOOKS_DIR" ] && [ ! -s "$RESULTS" ]; then
              mkdir -p "$ROOT/var/lib/pideploy"
              LIST=""
              for h in "$HOOKS_DIR"/*; do
                [ -f "$h" ] || continue
                base=$(basename "$h"); name=${base#*-}; name=${name%%.v*}; version=${base##*.v}
                echo "pideploy phone-home: running hook $name v$version"
                (
                  if [ -f "$ROOT/etc/pideploy/device.env" ]; then set -a; . "$ROOT/etc/pideploy/device.env"; set +a; fi
                  if command -v timeout >/dev/null 2>&1; then exec timeout 900 "$h"; else exec "$h"; fi
                ) </dev/null >"$RESULTS.out" 2>&1
                code=$?
                out=$(tail -c 4096 "$RESULTS.out" | base64 | tr -d '\\n')
                LIST="$LIST${LIST:+,}{\\"name\\":\\"$name\\",\\"version\\":$version,\\"exit_code\\":$code,\\"output_base64\\":\\"$out\\"}"
              done
              rm -f "$RESULTS.out"
              printf '[%%s]' "$LIST" >"$RESULTS"
            fi
            TOOK_EFFECT=""
            [ -s "$RESULTS" ] && TOOK_EFFECT=",\\"hooks\\":$(cat "$RESULTS")"
            SSID=$(iwgetid -r 2>/dev/null)
            [ -n "$SSID" ] || SSID=$(nmcli -t -f active,ssid dev wifi 2>/dev/null | awk -F: '$1 == "yes" {print $2; exit}')
            [ -n "$SSID" ] && TOOK_EFFECT="$TOOK_EFFECT,\\"wifi_ssid\\":\\"$(json_str "$SSID")\\""
            ADDRS=$(ip -o addr show scope global 2>/dev/null | awk 'n < 16 {printf "%%s\\"%%s\\"", (n++ ? "," : ""), $4}')
            TOOK_EFFECT="$TOOK_EFFECT,\\"addresses\\":[$ADDRS]"
            OS=$(sed -n 's/^PRETTY_NAME=//p' "$ROOT/etc/os-release" 2>/dev/null | tr -d '"')
            [ -n "$OS" ] && TOOK_EFFECT="$TOOK_EFFECT,\\"os_version\\":\\"$(json_str "$OS")\\""
            """.formatted(ProfileScript.HOOKS_DIR);

    /**
     * The {@code device_secret} member of the booted report (ADR-0042), or nothing when the server handed out no
     * secret. {@link FirstBootIdentity} admits only characters that need no escaping in JSON or printf.
     */
    static String secretField(FirstBootIdentity id) {
        return id.deviceSecret().isEmpty() ? "" : ",\"device_secret\":\"" + id.deviceSecret() + "\"";
    }

    /** The deployment id as a JSON value: a number when it is one (the server's ids), else a string. */
    static String jsonId(String deploymentId) {
        return deploymentId.matches("[0-9]{1,18}") ? deploymentId : "\"" + deploymentId + "\"";
    }
}
