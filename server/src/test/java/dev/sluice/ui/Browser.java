package dev.sluice.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium driven by its chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}): both paths are given, so Selenium Manager never looks for or downloads a
 * browser or a driver. A fresh profile per browser. Waits are explicit conditions, never sleeps.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Dimension LAPTOP = new Dimension(1280, 800);
    static final Dimension PHONE = new Dimension(390, 844);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Held so its level sticks: Selenium warns that it has no CDP bindings for this Chromium; the tests use none. */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger(
            "org.openqa.selenium.devtools.CdpVersionFinder");

    final ChromeDriver driver;
    private final String base;
    private final Path profile;

    Browser(String base) {
        this.base = base;
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the UI tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (.ci/run installs them)");
        }
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        try {
            profile = Files.createTempDirectory("sluice-ui-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--disable-default-apps", "--user-data-dir=" + profile,
                "--window-size=" + LAPTOP.width + "," + LAPTOP.height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(LAPTOP);
    }

    /** Opens a page of the app: open("#/run"). */
    void open(String hash) {
        driver.get(base + "/" + hash);
    }

    /** Navigates within the app, as a link would (no page load). */
    void go(String hash) {
        js("location.hash = arguments[0]", hash);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    <T> T await(Function<WebDriver, T> condition) {
        return await(Duration.ofSeconds(20), condition);
    }

    <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        // live views re-render: an element found a moment ago may be replaced before it is read
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /**
     * Waits until {@code actual} gives what {@code expected} gives at the same moment, and returns it;
     * on timeout the message shows both last values.
     */
    <T> T awaitMatch(String what, Supplier<T> actual, Supplier<T> expected) {
        List<Object> last = new java.util.ArrayList<>(java.util.Arrays.asList(null, null));
        try {
            await(d -> {
                last.set(0, actual.get());
                last.set(1, expected.get());
                return Objects.equals(last.get(0), last.get(1));
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(what + ": expected <" + last.get(1) + "> but was still <" + last.get(0) + ">", e);
        }
        @SuppressWarnings("unchecked")
        T matched = (T) last.get(0);
        return matched;
    }

    /** Waits until {@code actual} gives {@code expected}; on timeout the message shows the last value. */
    <T> void awaitValue(String what, Supplier<T> actual, T expected) {
        awaitMatch(what, actual, () -> expected);
    }

    WebElement visible(By by) {
        return await(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement clickable(By by) {
        return await(ExpectedConditions.elementToBeClickable(by));
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** The page heading once a view has rendered it. */
    String heading() {
        return visible(By.cssSelector("main h1")).getText();
    }

    void awaitHeading(String text) {
        await(ExpectedConditions.textToBe(By.cssSelector("main h1"), text));
    }

    void signIn(String username, String password) {
        open("#/signin");
        awaitHeading("Sign in to Sluice");
        WebElement user = visible(By.name("username"));
        user.clear();
        user.sendKeys(username);
        WebElement pass = find(By.name("password"));
        pass.clear();
        pass.sendKeys(password);
        find(By.cssSelector("form button[type=submit]")).click();
        await(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
    }

    void signOut() {
        clickable(By.id("sign-out")).click();
        awaitHeading("Sign in to Sluice");
    }

    /** The editor's text, through CodeMirror's own API. */
    String editorText() {
        return (String) js("return document.querySelector('.run .CodeMirror').CodeMirror.getValue()");
    }

    /** Replaces the editor's text by typing it, as a person would (CodeMirror indents after ':' itself). */
    void typeCode(String code) {
        js("const cm = document.querySelector('.run .CodeMirror').CodeMirror; cm.setValue(''); cm.focus();");
        find(By.cssSelector(".run .CodeMirror textarea")).sendKeys(code);
    }

    /**
     * Saves what the window shows as target/screenshots/NAME-laptop.png and, at a phone's width,
     * NAME-phone.png; the window is back at laptop size afterwards.
     */
    void screenshots(String name) {
        screenshots(name, null);
    }

    /** As {@link #screenshots(String)}, with {@code showOnPhone} scrolled into view at the phone's width. */
    void screenshots(String name, By showOnPhone) {
        screenshot(name + "-laptop");
        driver.manage().window().setSize(PHONE);
        await(d -> ((Number) js("return window.innerWidth")).intValue() <= PHONE.width);
        if (showOnPhone == null) {
            js("window.scrollTo(0, 0)");
        } else {
            js("arguments[0].scrollIntoView({block: 'start'})", find(showOnPhone));
        }
        screenshot(name + "-phone");
        driver.manage().window().setSize(LAPTOP);
        await(d -> ((Number) js("return window.innerWidth")).intValue() > PHONE.width);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Errors the page logged since the last call: uncaught exceptions, scripts or styles that failed
     * to load, Content-Security-Policy refusals. API answers of 4xx (a wrong password, the session
     * check before signing in) are the app working, not errors.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !(m.contains("/api/v1/") && m.matches("(?s).*status of 4\\d\\d.*")))
                .toList();
    }

    /** Closes {@code browser} (when it started) and then {@code server}, even when the browser fails to close. */
    static void closeBoth(Browser browser, UiServer server) {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
        }
    }
}
