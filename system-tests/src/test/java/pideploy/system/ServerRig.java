package pideploy.system;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.usecase.DeploymentHistory;
import pideploy.deploy.http.helidon.HttpSettings;
import pideploy.deploy.server.Fleet;
import pideploy.deploy.server.PiDeployMain;
import pideploy.deploy.server.PiDeployServer;
import pideploy.deploy.server.config.ServerSettings;

/**
 * A PiDeploy data directory set up as an operator would with the {@code pideploy} admin commands (venue CORO, a
 * KXP2 pool, the test image registered and active), and the real server started on it in process.
 */
public final class ServerRig implements AutoCloseable {
    private final Path data;
    private PiDeployServer server;

    private ServerRig(Path data) {
        this.data = data;
    }

    /** A rig on a data directory an earlier rig set up, to start the server on it with other settings. */
    public static ServerRig on(Path data) {
        return new ServerRig(data);
    }

    public ServerRig(Path data, Path image, String customization) {
        this(data, image, customization, false);
    }

    /** @param shrink register the image shrunk to its data (ADR-0063) instead of as built */
    public ServerRig(Path data, Path image, String customization, boolean shrink) {
        this.data = data;
        try {
            // As on a server: the data directory exists before admin commands fill it (they refuse a missing one).
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pideploy("venue", "add", "CORO", "--name", "Corona Karting", "--data", data.toString());
        pideploy("pool", "import", "CORO", "--product", "KXP2", "--numbers", "1-5", "--data", data.toString());
        // --no-shrink unless asked: most tests compare the card with the image as built (ShrunkImageDeployIT).
        pideploy(
                "image",
                "register",
                "--product",
                "KXP2",
                "--version",
                "2026.11",
                image.toString(),
                "--activate",
                shrink ? "--shrink" : "--no-shrink",
                "--customization",
                customization,
                "--data",
                data.toString());
    }

    public static String pideploy(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        if (exit != 0) {
            throw new IllegalStateException(
                    "pideploy %s exited with %d: %s%s".formatted(String.join(" ", args), exit, out, err));
        }
        return out.toString();
    }

    public ServerRig start() {
        server = PiDeployServer.start(ServerSettings.forTest(data, "system-test-password"));
        return this;
    }

    /** Starts the device listener on {@code port}; image URLs name {@code publicUrl} when given (a proxy). */
    public ServerRig start(int port, Optional<URI> publicUrl) {
        ServerSettings settings = ServerSettings.forTest(data, "system-test-password")
                .withHttp(HttpSettings.ephemeral().withPorts("127.0.0.1", port, "127.0.0.1", 0));
        server = PiDeployServer.start(publicUrl.map(settings::withPublicUrl).orElse(settings));
        return this;
    }

    /** Starts the server with the test settings as {@code adjust} changes them. */
    public ServerRig start(UnaryOperator<ServerSettings> adjust) {
        server = PiDeployServer.start(adjust.apply(ServerSettings.forTest(data, "system-test-password")));
        return this;
    }

    /** What the System page shows. */
    public Map<String, Object> systemFacts() {
        return server.systemFacts();
    }

    public String deviceUrl() {
        return "http://127.0.0.1:" + server.devicePort();
    }

    /** The operator listener's base URL (login: admin / {@code system-test-password}). */
    public String adminUrl() {
        String url = server.adminUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public int devicePort() {
        return server.devicePort();
    }

    /** The registered image file inside the data directory (what the server serves). */
    public Path servedImage() throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve(Fleet.IMAGES_DIR))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".img"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no image under " + data));
        }
    }

    public List<Deployment> deployments() {
        return server.core().findDeployments().find(DeploymentFilter.all(100)).items();
    }

    public DeploymentHistory history(Deployment deployment) {
        return server.core().findDeployments().history(deployment.id()).orElseThrow();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
