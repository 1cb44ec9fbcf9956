package dev.sluice.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** Running code, following its output, cancelling, the history and saved scripts, as alice in a real browser. */
class RunUiTest {
    static UiServer server;
    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure onFailure = new ScreenshotOnFailure(() -> browser);

    @BeforeAll
    static void start() {
        server = new UiServer();
        browser = new Browser(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        Browser.closeBoth(browser, server);
    }

    @BeforeEach
    void signIn() {
        browser.signIn("alice", UiServer.ALICE_PASSWORD);
        browser.awaitHeading("Run");
        // the runtimes come from the worker's heartbeat: python is offered once it has registered
        browser.await(d -> new Select(browser.find(By.name("language"))).getOptions().stream()
                .anyMatch(o -> o.getText().equals("python")));
    }

    @AfterEach
    void signOutWithoutScriptErrors() {
        assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
        browser.signOut();
    }

    private String status() {
        return browser.find(By.id("run-status")).getAttribute("data-status");
    }

    private long executionId() {
        String href = browser.visible(By.cssSelector(".execution-link a")).getAttribute("href");
        return Long.parseLong(href.substring(href.lastIndexOf('/') + 1));
    }

    @Test
    void pythonPrints45LiveACancelStopsAnInfiniteLoopAndTheHistoryFindsBoth() {
        new Select(browser.find(By.name("language"))).selectByValue("python");
        browser.typeCode("print(sum(range(10)))");
        browser.find(By.cssSelector(".run .CodeMirror textarea")).sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "45"));
        browser.awaitValue("the status", this::status, "succeeded");
        long sum = executionId();
        assertThat(browser.find(By.id("output")).getText()).isEqualTo("45");
        assertThat(browser.find(By.cssSelector("[data-fact=exit-code] dd")).getText()).isEqualTo("0");
        assertThat(browser.find(By.cssSelector("[data-fact=wall] dd")).getText()).matches("\\d+(\\.\\d+)? m?s");
        assertThat(browser.find(By.cssSelector("[data-fact=memory] dd")).getText()).matches("[\\d.]+ (KiB|MiB)");
        browser.screenshots("run-output", By.id("output-heading"));

        browser.typeCode("print('looping', flush=True)\nwhile True:\npass");
        browser.find(By.id("run-button")).click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "looping"));
        assertThat(status()).isEqualTo("running");
        browser.clickable(By.id("cancel-button")).click();
        browser.awaitValue("the status", this::status, "cancelled");
        long loop = executionId();
        assertThat(browser.find(By.id("run-status")).getText()).isEqualTo("Cancelled");
        assertThat(browser.find(By.id("cancel-button")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("run-button")).isEnabled()).isTrue();

        browser.find(By.cssSelector("#nav a[data-route=history]")).click();
        browser.awaitHeading("History");
        WebElement sumRow = browser.visible(By.cssSelector("#history-rows tr[data-id='" + sum + "']"));
        WebElement loopRow = browser.visible(By.cssSelector("#history-rows tr[data-id='" + loop + "']"));
        assertThat(sumRow.getAttribute("data-status")).isEqualTo("succeeded");
        assertThat(loopRow.getAttribute("data-status")).isEqualTo("cancelled");
        browser.screenshots("history");

        new Select(browser.find(By.name("status"))).selectByValue("cancelled");
        browser.find(By.cssSelector("form.filters button[type=submit]")).click();
        browser.await(d -> browser.findAll(By.cssSelector("#history-rows tr")).size() == 1
                && browser.findAll(By.cssSelector("#history-rows tr[data-id='" + loop + "']")).size() == 1);

        browser.find(By.cssSelector("#history-rows tr[data-id='" + loop + "'] a")).click();
        browser.awaitHeading("Execution #" + loop);
        assertThat(browser.find(By.cssSelector(".execution .CodeMirror")).getText()).contains("while True:");
        assertThat(browser.find(By.id("execution-stdout")).getText()).isEqualTo("looping");
        browser.screenshots("execution");
    }

    @Test
    void outputIsTextWithItsAnsiColoursAndNeverMarkup() {
        browser.js("document.querySelector('.run .CodeMirror').CodeMirror.setValue(arguments[0])",
                "import sys\nprint('\\033[31m<img src=x onerror=\"document.title=1\">red\\033[0m plain')\n"
                        + "print('<b>err</b>', file=sys.stderr)\n");
        browser.find(By.id("run-button")).click();
        browser.awaitValue("the status", this::status, "succeeded");
        WebElement output = browser.find(By.id("output"));
        // stdout and stderr are two pipes: which one the host reads first is not fixed, so each stream is checked on its own
        assertThat(output.getText()).contains("<img src=x onerror=\"document.title=1\">red plain").contains("<b>err</b>");
        assertThat(output.findElements(By.cssSelector("img, b"))).isEmpty();
        assertThat(output.findElement(By.cssSelector(".stream-stdout .ansi-fg-1")).getText())
                .isEqualTo("<img src=x onerror=\"document.title=1\">red");
        assertThat(output.findElement(By.cssSelector(".stream-stderr")).getText()).isEqualTo("<b>err</b>");
        assertThat(browser.driver.getTitle()).isEqualTo("Run · Sluice");
    }

    @Test
    void aSavedScriptLoadsBackIntoTheEditor() {
        String code = "name = input()\nprint(f'hello {name}')";
        browser.typeCode(code);
        browser.find(By.id("save-button")).click();
        WebElement name = browser.visible(By.cssSelector(".save-form input[name=name]"));
        name.sendKeys("greeter");
        browser.find(By.id("save-confirm")).click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("script-line"), "greeter"));

        browser.typeCode("print('something else')");
        browser.find(By.cssSelector("#nav a[data-route=scripts]")).click();
        browser.awaitHeading("Scripts");
        WebElement row = browser.visible(By.cssSelector("#script-rows tr[data-name='greeter']"));
        assertThat(row.getText()).contains("python");
        browser.screenshots("scripts");
        row.findElement(By.xpath(".//button[text()='Open in editor']")).click();
        browser.awaitHeading("Run");
        browser.awaitValue("the editor's text", browser::editorText, code);
        assertThat(browser.find(By.id("script-line")).getText()).contains("greeter");
        List<String> languages = new Select(browser.find(By.name("language"))).getAllSelectedOptions().stream()
                .map(WebElement::getText).toList();
        assertThat(languages).containsExactly("python");
    }
}
