package pideploy.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, both named by path so that Selenium Manager never
 * looks for (or downloads) a browser or driver. One fresh profile per browser.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The operator's time zone as the browser sees it: not UTC, so the tests can tell local times from server times. */
    static final String TIME_ZONE = "America/Los_Angeles";

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final String baseUrl;

    Browser(String baseUrl, Path profileDir) {
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,800",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", TIME_ZONE))
                .build();
        this.driver = new ChromeDriver(service, options);
        // The app navigates by itself (login, logout, session gone); a lookup that meets a page change fails with
        // "aborted by navigation" or a stale element. Waits retry those; the timeout still reports the last one.
        this.wait = new WebDriverWait(driver, WAIT);
        this.wait.ignoring(WebDriverException.class);
    }

    /** Opens a path of the web UI, e.g. {@code /#/venues}. */
    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** Logs in through the login page and waits for the app shell. */
    void logIn(String user, String password) {
        open("/login.html");
        type(By.id("username"), user);
        type(By.id("password"), password);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("login-submit")))
                .click();
        wait.until(d -> !d.getCurrentUrl().contains("/login.html"));
        wait.until(ExpectedConditions.textToBe(By.id("whoami"), user));
    }

    /** Goes to a page of the app (hash route) and waits until that page has rendered, with its heading. */
    void go(String route, String heading) {
        driver.get(baseUrl + "/#/" + route);
        WebElement view = wait.until(d -> {
            WebElement v = d.findElement(By.id("view"));
            return route.equals(v.getAttribute("data-rendered")) || v.getAttribute("data-error") != null ? v : null;
        });
        assertThat(view.getAttribute("data-error"))
                .as("error loading #/" + route)
                .isNull();
        assertThat(driver.findElement(By.cssSelector("#view h1")).getText()).isEqualTo(heading);
    }

    WebElement type(By by, String text) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(by));
        e.clear();
        e.sendKeys(text);
        return e;
    }

    WebElement find(By by) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(by));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs an async script: the last argument is the callback that ends it. */
    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Saves what the browser shows to target/screenshots/{name}.png (a build artifact) and returns the file. */
    Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path out = dir.resolve(name + ".png");
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + name, e);
        }
    }

    /**
     * Like {@link #screenshot} but of the whole page: the window grows to the page's height for the picture (same
     * width), then goes back to its size.
     */
    Path screenshotFullPage(String name) {
        Dimension before = driver.manage().window().getSize();
        long chrome = (Long) script("return window.outerHeight - window.innerHeight");
        long page = (Long) script("return Math.ceil(document.documentElement.scrollHeight)");
        try {
            driver.manage().window().setSize(new Dimension(before.getWidth(), (int) (page + chrome)));
            script("window.scrollTo(0, 0)");
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
