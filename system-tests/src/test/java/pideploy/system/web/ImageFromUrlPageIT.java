package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import pideploy.system.PiDiskImage;
import pideploy.system.Tools;

/**
 * ADR-0090 on the Images page: the URL field registers an {@code .img.xz} the server downloads from a loopback
 * site; a wrong published SHA-256 is refused with the server's message shown on the form, and nothing is listed.
 */
class ImageFromUrlPageIT {
    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    @TempDir
    static Path files;

    static WebTestServer server;
    static Browser browser;
    static HttpServer site;
    static Path xz;

    @BeforeAll
    static void start() throws Exception {
        PiDiskImage image = PiDiskImage.build(files.resolve("image"), 64, 1);
        Tools.check(files, "xz", "-0", "-T1", image.file().toString());
        xz = Path.of(image.file() + ".xz");
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/raspios.img.xz", exchange -> {
            byte[] body = Files.readAllBytes(xz);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        server = WebTestServer.start(data);
        browser = new Browser(server.adminUrl(), profile);
        browser.logIn(WebTestServer.ADMIN, WebTestServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
        if (site != null) site.stop(0);
    }

    private static String url() {
        return "http://127.0.0.1:" + site.getAddress().getPort() + "/raspios.img.xz";
    }

    private void register(String version, String sha256) {
        browser.go("images", "Master images");
        new Select(browser.find(By.id("image-register-product"))).selectByValue("KXP2");
        browser.type(By.id("image-register-version"), version);
        browser.type(By.id("image-register-url"), url());
        browser.type(By.id("image-register-sha256"), sha256);
        browser.find(By.id("image-register-submit")).click();
    }

    @Test
    void registersFromAUrlAndShowsAWrongHashOnTheForm() throws Exception {
        register("2026.12-wrong", "0".repeat(64));
        new WebDriverWait(browser.driver, Duration.ofMinutes(2))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("image-register-error"), "SHA-256"));
        assertThat(browser.find(By.id("image-register-error")).getText())
                .contains("not the published", "nothing was kept");
        assertThat(browser.all(By.cssSelector("#image-list tr[data-version='2026.12-wrong']")))
                .isEmpty();

        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(xz)));
        register("2026.12-url", sha);
        new WebDriverWait(browser.driver, Duration.ofMinutes(2))
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#image-list tr[data-version='2026.12-url']")));
        assertThat(browser.find(By.cssSelector("#image-list tr[data-version='2026.12-url']"))
                        .getText())
                .contains("2026.12-url");
    }
}
