package pideploy.deploy.http.helidon;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.http.helidon.listener.ConnectionLimits;

/**
 * Settings of the HTTP adapter, validated at startup so that impossible values stop the server with a clear message.
 *
 * @param deployHost address of the device listener, e.g. {@code 0.0.0.0}
 * @param deployPort its port; 0 picks a free one (tests)
 * @param adminHost address of the operator listener, e.g. {@code 127.0.0.1}
 * @param adminPort its port; 0 picks a free one
 * @param publicUrl base URL devices should use for images, when the address they reached is not it (NAT, proxy)
 * @param maxDeviceBodyBytes largest request body on the device listener
 * @param maxAdminBodyBytes largest request body on the operator listener
 * @param shutdownGrace how long in-flight requests may take to finish on stop
 * @param sessionIdle browser session idle timeout
 * @param deviceLimits connection caps and timeouts of the device listener (ADR-0044)
 * @param adminLimits connection caps and timeouts of the operator listener
 */
public record HttpSettings(
        String deployHost,
        int deployPort,
        String adminHost,
        int adminPort,
        Optional<URI> publicUrl,
        int maxDeviceBodyBytes,
        int maxAdminBodyBytes,
        Duration shutdownGrace,
        Duration sessionIdle,
        ConnectionLimits deviceLimits,
        ConnectionLimits adminLimits) {

    public static final int DEFAULT_DEPLOY_PORT = 5001;
    public static final int DEFAULT_ADMIN_PORT = 5000;

    public HttpSettings {
        Objects.requireNonNull(deployHost, "deployHost");
        Objects.requireNonNull(adminHost, "adminHost");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(deviceLimits, "deviceLimits");
        Objects.requireNonNull(adminLimits, "adminLimits");
        checkPort("deploy port", deployPort);
        checkPort("admin port", adminPort);
        if (deployPort != 0 && deployPort == adminPort && deployHost.equals(adminHost)) {
            throw new IllegalArgumentException(
                    "device and operator listeners cannot share %s:%d; give them different ports"
                            .formatted(deployHost, deployPort));
        }
        publicUrl.ifPresent(u -> {
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("public URL must be http(s)://host[:port], was '%s'".formatted(u));
            }
        });
        if (maxDeviceBodyBytes < 1024 || maxDeviceBodyBytes > 1 << 20) {
            throw new IllegalArgumentException(
                    "max device body must be between 1 KiB and 1 MiB, was " + maxDeviceBodyBytes);
        }
        if (maxAdminBodyBytes < 1024 || maxAdminBodyBytes > 64 << 20) {
            throw new IllegalArgumentException(
                    "max admin body must be between 1 KiB and 64 MiB, was " + maxAdminBodyBytes);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative: " + shutdownGrace);
        }
        if (sessionIdle.isNegative() || sessionIdle.isZero()) {
            throw new IllegalArgumentException("session idle timeout must be positive: " + sessionIdle);
        }
    }

    /** The design's defaults: devices on every interface at 5001, operators on loopback at 5000. */
    public static HttpSettings defaults() {
        return new HttpSettings(
                "0.0.0.0",
                DEFAULT_DEPLOY_PORT,
                "127.0.0.1",
                DEFAULT_ADMIN_PORT,
                Optional.empty(),
                16 * 1024,
                1 << 20,
                Duration.ofSeconds(10),
                Duration.ofHours(12),
                ConnectionLimits.deviceDefaults(),
                ConnectionLimits.operatorDefaults());
    }

    /** Loopback on free ports: what tests use. */
    public static HttpSettings ephemeral() {
        return new HttpSettings(
                "127.0.0.1",
                0,
                "127.0.0.1",
                0,
                Optional.empty(),
                16 * 1024,
                1 << 20,
                Duration.ofSeconds(2),
                Duration.ofHours(1),
                ConnectionLimits.deviceDefaults(),
                ConnectionLimits.operatorDefaults());
    }

    public HttpSettings withPorts(String deployHost, int deployPort, String adminHost, int adminPort) {
        return new HttpSettings(
                deployHost,
                deployPort,
                adminHost,
                adminPort,
                publicUrl,
                maxDeviceBodyBytes,
                maxAdminBodyBytes,
                shutdownGrace,
                sessionIdle,
                deviceLimits,
                adminLimits);
    }

    public HttpSettings withPublicUrl(Optional<URI> url) {
        return new HttpSettings(
                deployHost,
                deployPort,
                adminHost,
                adminPort,
                url,
                maxDeviceBodyBytes,
                maxAdminBodyBytes,
                shutdownGrace,
                sessionIdle,
                deviceLimits,
                adminLimits);
    }

    public HttpSettings withLimits(ConnectionLimits device, ConnectionLimits admin) {
        return new HttpSettings(
                deployHost,
                deployPort,
                adminHost,
                adminPort,
                publicUrl,
                maxDeviceBodyBytes,
                maxAdminBodyBytes,
                shutdownGrace,
                sessionIdle,
                device,
                admin);
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("%s must be 0-65535, was %d".formatted(what, port));
        }
    }
}
