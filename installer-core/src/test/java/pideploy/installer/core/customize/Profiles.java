package pideploy.installer.core.customize;

import java.util.List;
import java.util.Optional;
import pideploy.installer.core.port.DeviceProfile;

/** A venue profile with every setting, and values chosen to break naive quoting. */
final class Profiles {
    static final String KEY_A =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB alice@service";
    static final String KEY_B =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIC bob@service";
    static final String HASH = "$6$rounds=5000$saltsalt$q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789./";
    static final String NASTY = "it's \"$HOME\" `id` \\ 100% {x}";
    /** Prints device.env's hostname and notes each run under $PIDEPLOY_FIRSTRUN_ROOT (the test's tree). */
    static final String APP_HOOK = "#!/bin/sh\necho \"app for $PIDEPLOY_HOSTNAME\"\n"
            + "echo ran >>\"$PIDEPLOY_FIRSTRUN_ROOT/var/lib/camera-app-ran\"\n";

    static final String FAILING_HOOK = "#!/bin/sh\necho 'no camera found' >&2\nexit 3\n";

    private Profiles() {}

    static DeviceProfile venue(Optional<DeviceProfile.StaticIpv4> ip) {
        return new DeviceProfile(
                Optional.of("GB"),
                List.of(
                        new DeviceProfile.Wifi("Corona Karting", "psk", " leading space \\ 'q'", "", false, 10),
                        new DeviceProfile.Wifi("O'Neil's ; café", "eap", "s3cret pass", "cam01", true, 5)),
                List.of(KEY_A, KEY_B),
                Optional.of(false),
                Optional.of(HASH),
                Optional.of("Europe/London"),
                Optional.of("en_GB.UTF-8"),
                Optional.of("de:nodeadkeys"),
                List.of("ntp.coro.example", "10.0.0.1"),
                ip,
                List.of("dtoverlay=imx708", "camera_auto_detect=0"),
                List.of(
                        new DeviceProfile.EnvEntry("PIDEPLOY_HOSTNAME", "KXP2-CORO-014"),
                        new DeviceProfile.EnvEntry("PIDEPLOY_IDENTIFIER", "14"),
                        new DeviceProfile.EnvEntry("CAMERA_NAME", NASTY)),
                List.of(
                        new DeviceProfile.Hook("camera-app", 2, "venue CORO", APP_HOOK),
                        new DeviceProfile.Hook("check-camera", 1, "product KXP2", FAILING_HOOK)));
    }

    static Optional<DeviceProfile.StaticIpv4> address() {
        return Optional.of(
                new DeviceProfile.StaticIpv4("192.168.10.14", 24, "192.168.10.1", List.of("192.168.10.1", "9.9.9.9")));
    }
}
