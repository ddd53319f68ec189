package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import pideploy.deploy.server.PiDeployMain;
import pideploy.system.PiDiskImage;
import pideploy.system.Tools;

/**
 * Issue 13 / ADR-0092: registering a 4 GiB {@code .img.xz} (a sparse, mostly empty Raspberry Pi OS-shaped image,
 * built once and cached under {@code target/large-image}, so later runs cost no compression) shows its progress: the
 * command line prints decompressing lines with a growing share of the file, then shrinking and inspecting; the
 * Images page shows the server's phases (uploading, then decompressing, shrinking) with a progress bar while the
 * upload's request waits.
 */
class LargeCompressedImageIT {
    private static final Path CACHE = Path.of("target", "large-image", "pi-os-4g.img.xz");

    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    @TempDir
    Path cliData;

    static Path xz;

    @BeforeAll
    static void largeImage() throws Exception {
        xz = CACHE.toAbsolutePath();
        if (Files.exists(xz)) {
            return;
        }
        Path build = Files.createDirectories(xz.resolveSibling("build"));
        // 4 GiB in all: 4 MiB before boot, 36 MiB boot, the rest root, 4 MiB of data; xz -0 on one thread (zeros
        // compress at the speed they are read).
        PiDiskImage image = PiDiskImage.build(build, 4096 - 40, 4);
        assertThat(image.size()).isEqualTo(4L << 30);
        Tools.check(build, "xz", "-0", "-T1", image.file().toString());
        Files.move(Path.of(image.file() + ".xz"), xz, StandardCopyOption.ATOMIC_MOVE);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    static WebTestServer server;
    static Browser browser;

    @Test
    void theCommandLinePrintsEachPhaseWithHowMuchOfTheFileIsRead() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(
                        "image",
                        "register",
                        "--product",
                        "KXP2",
                        "--version",
                        "big-cli",
                        xz.toString(),
                        "--data",
                        cliData.toString());

        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = err.toString().lines().toList();
        List<String> decompressing =
                lines.stream().filter(l -> l.startsWith("decompressing:")).toList();
        assertThat(decompressing).as(err.toString()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(percent(decompressing.getLast())).isGreaterThan(percent(decompressing.getFirst()));
        assertThat(lines.stream().filter(l -> l.startsWith("shrinking:"))).isNotEmpty();
        assertThat(lines.stream().filter(l -> l.startsWith("inspecting:"))).isNotEmpty();
        assertThat(lines.indexOf(decompressing.getFirst()))
                .isLessThan(lines.indexOf(lines.stream()
                        .filter(l -> l.startsWith("shrinking:"))
                        .findFirst()
                        .get()));
        assertThat(out.toString()).contains("registered KXP2 big-cli", "unpacked from xz", "shrunk from 4096 MiB");
    }

    private static int percent(String line) {
        return Integer.parseInt(line.replaceAll("^decompressing: (\\d+)% of the file read.*$", "$1"));
    }

    @Test
    void theImagesPageShowsTheServersPhasesWhileTheUploadWaits() throws Exception {
        server = WebTestServer.start(data);
        browser = new Browser(server.adminUrl(), profile);
        browser.logIn(WebTestServer.ADMIN, WebTestServer.PASSWORD);
        browser.go("images", "Master images");
        // Every phase the page shows, in order, recorded by the browser itself (polling from here could miss one).
        browser.script("""
                window.phasesSeen = [];
                new MutationObserver(() => {
                  const p = document.getElementById('image-upload-phase');
                  const bar = document.getElementById('image-upload-progress');
                  if (!p) return;
                  const last = window.phasesSeen[window.phasesSeen.length - 1];
                  if (!last || last.phase !== p.dataset.phase) {
                    window.phasesSeen.push({ phase: p.dataset.phase, text: p.textContent, bar: !!bar });
                  }
                }).observe(document.getElementById('view'), { subtree: true, childList: true, attributes: true,
                  characterData: true });
                """);
        new Select(browser.find(By.id("image-register-product"))).selectByValue("KXP2");
        browser.type(By.id("image-register-version"), "big-web");
        browser.find(By.id("image-register-file")).sendKeys(xz.toString());
        browser.find(By.id("image-register-submit")).click();

        new WebDriverWait(browser.driver, Duration.ofMinutes(10))
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#image-list tr[data-version='big-web']")));
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> seen =
                (List<java.util.Map<String, Object>>) browser.script("return window.phasesSeen;");
        List<String> phases = seen.stream().map(m -> (String) m.get("phase")).toList();
        assertThat(phases).as(seen.toString()).containsSubsequence("uploading", "decompressing", "shrinking");
        assertThat(seen.stream()
                        .filter(m -> m.get("phase").equals("decompressing"))
                        .findFirst()
                        .orElseThrow())
                .satisfies(m -> assertThat((String) m.get("text")).contains("Decompressing", "of image stored"))
                .satisfies(m -> assertThat(m.get("bar")).isEqualTo(true));
        assertThat(browser.find(By.cssSelector("#image-list tr[data-version='big-web']"))
                        .getText())
                .contains("given 4.00 GiB");
    }
}
