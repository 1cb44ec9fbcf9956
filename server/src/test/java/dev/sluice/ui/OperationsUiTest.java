package dev.sluice.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testing.HttpProbe;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The operations dashboard, dead letters and admin pages in a real browser, against an API process and a separate worker. */
class OperationsUiTest {
    static UiServer server;
    static HttpProbe http;
    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure onFailure = new ScreenshotOnFailure(() -> browser);

    @BeforeAll
    static void start() {
        server = new UiServer();
        http = server.http();
        browser = new Browser(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        Browser.closeBoth(browser, server);
    }

    @AfterEach
    void signOutWithoutScriptErrors() {
        assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
        if (!browser.findAll(By.cssSelector("#sign-out:not([hidden])")).isEmpty()) {
            browser.signOut();
        }
    }

    /** What the diagnosis says about a queue right now: the line `sluice doctor` prints for it. */
    private static String diagnosisLine(String code, String queue) {
        JsonNode findings = http.get("/api/v1/diagnosis", UiServer.bearer(server.adminToken)).json().path("findings");
        return StreamSupport.stream(findings.spliterator(), false)
                .filter(f -> f.path("code").asText().equals(code) && f.path("queue").asText().equals(queue))
                .map(f -> f.path("line").asText())
                .findFirst().orElse(null);
    }

    private static long submit(String body) {
        HttpProbe.Reply reply = http.post("/api/v1/jobs", body, UiServer.bearer(server.aliceToken));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    private static String state(long id) {
        return http.get("/api/v1/jobs/" + id, UiServer.bearer(server.adminToken)).json().path("state").asText();
    }

    @Test
    void killingTheOnlyWorkerRaisesTheRedBannerInTheWordsOfSluiceDoctor() {
        server.startWorker();
        browser.signIn("admin", server.adminPassword);
        browser.go("#/ops");
        browser.awaitHeading("Operations");
        browser.await(d -> browser.findAll(By.cssSelector("#worker-rows tr[data-alive=true]")).size() == 1);
        browser.await(ExpectedConditions.invisibilityOfElementLocated(By.id("stuck-banner")));

        server.stopWorker();
        long id = submit("{\"type\":\"noop\",\"payload\":{}}");
        WebElement banner = browser.visible(By.id("stuck-banner"));
        By finding = By.cssSelector("#stuck-banner li[data-code=queue_unserved][data-queue=default]");
        browser.visible(finding);
        // the age in the line ticks every second: wait for a moment when the banner and the diagnosis agree
        String line = browser.awaitMatch("the banner's line", () -> browser.find(finding).getText(),
                () -> diagnosisLine("queue_unserved", "default"));
        assertThat(line).contains("queued on 'default'").contains("no live worker serves it")
                .contains(" — start one: ./sluice serve --role worker");
        assertThat(banner.getCssValue("background-color")).isEqualTo("rgba(179, 38, 30, 1)");
        assertThat(browser.findAll(By.cssSelector("#worker-rows tr[data-alive=true]"))).isEmpty();
        browser.awaitValue("jobs queued on default", // the table is redrawn with every snapshot
                () -> browser.find(By.cssSelector("#queue-rows tr[data-queue=default] [data-col=due]")).getText(), "1");
        browser.screenshots("dashboard-banner");

        server.startWorker();
        browser.await(ExpectedConditions.invisibilityOfElementLocated(By.id("stuck-banner")));
        await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("succeeded"));
    }

    @Test
    void aDeadLetterIsRedrivenFromTheUi() {
        server.startWorker();
        long id = submit("{\"type\":\"noop\",\"payload\":{\"fail\":\"permanent\"}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("dead"));
        server.stopWorker(); // so the redriven job waits in its queue, where this test can see it

        browser.signIn("admin", server.adminPassword);
        browser.go("#/dead-letters");
        browser.awaitHeading("Dead letters");
        WebElement row = browser.visible(By.cssSelector("#dead-rows tr.dead-row[data-id='" + id + "']"));
        assertThat(row.getText()).contains("noop").contains("asked to fail permanently");
        row.findElement(By.xpath(".//button[text()='Inspect']")).click();
        WebElement details = browser.visible(By.cssSelector("#dead-rows tr.detail-row[data-id='" + id + "']"));
        browser.await(ExpectedConditions.textToBePresentInElement(details, "Attempts"));
        assertThat(details.getText()).contains("dead").contains("asked to fail permanently").contains("\"fail\": \"permanent\"");
        browser.screenshots("dead-letters");

        row.findElement(By.xpath(".//button[text()='Redrive']")).click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".dead-letters .message.ok"),
                "Job #" + id + " is queued again"));
        browser.await(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#dead-rows tr[data-id='" + id + "']")));
        assertThat(state(id)).isEqualTo("queued");
        List<String> kinds = http.get("/api/v1/jobs/" + id + "/events", UiServer.bearer(server.adminToken)).json()
                .path("items").findValues("kind").stream().map(JsonNode::asText).toList();
        assertThat(kinds).contains("dead", "redriven");
    }

    @Test
    void aUserCannotSeeTheAdminPages() {
        browser.signIn("admin", server.adminPassword);
        browser.go("#/admin");
        browser.awaitHeading("Admin");
        browser.visible(By.cssSelector("#user-rows tr[data-username=alice]"));
        browser.await(d -> !browser.find(By.name("wallSeconds")).getAttribute("value").isEmpty());
        browser.screenshots("admin");
        browser.signOut();

        browser.signIn("alice", UiServer.ALICE_PASSWORD);
        browser.awaitHeading("Run");
        for (String route : List.of("ops", "dead-letters", "admin")) {
            assertThat(browser.find(By.cssSelector("#nav a[data-route='" + route + "']")).isDisplayed()).as(route).isFalse();
        }
        for (String hash : List.of("#/ops", "#/dead-letters", "#/admin")) {
            browser.go(hash);
            browser.awaitHeading("Not available");
            assertThat(browser.find(By.cssSelector("main .message.error")).getText()).isEqualTo(
                    "This page is for admins. Your account is a user account.");
            assertThat(browser.findAll(By.cssSelector("#user-rows, #queue-rows, #dead-rows"))).as(hash).isEmpty();
        }
        browser.screenshot("admin-as-user-laptop");
    }
}
