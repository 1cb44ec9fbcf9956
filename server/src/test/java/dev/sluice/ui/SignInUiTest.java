package dev.sluice.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Signing in and out in a real browser. */
class SignInUiTest {
    static UiServer server;
    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure onFailure = new ScreenshotOnFailure(() -> browser);

    @BeforeAll
    static void start() {
        server = new UiServer(false);
        browser = new Browser(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        Browser.closeBoth(browser, server);
    }

    @AfterEach
    void noScriptErrors() {
        assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedWithAVisibleMessage() {
        browser.open("#/run");
        browser.awaitHeading("Sign in to Sluice");
        assertThat(browser.find(By.cssSelector(".note")).getText()).contains("admin-password").contains("data directory");
        browser.visible(By.name("username")).sendKeys("admin");
        browser.find(By.name("password")).sendKeys("not-the-password");
        browser.find(By.cssSelector("form button[type=submit]")).click();
        String message = browser.await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".message.error"))).getText();
        assertThat(message).isEqualTo("Wrong username or password.");
        assertThat(browser.find(By.id("sign-out")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("nav")).isDisplayed()).isFalse();
        browser.screenshots("signin-wrong-password");
    }

    @Test
    void theFirstAdminSignsInWithThePasswordFromTheDataDirectoryAndSignsOut() {
        browser.open("#/signin");
        browser.awaitHeading("Sign in to Sluice");
        browser.screenshots("signin");
        browser.signIn("admin", server.adminPassword);
        browser.awaitHeading("Run");
        assertThat(browser.find(By.id("who")).getText()).isEqualTo("admin (admin)");
        assertThat(browser.find(By.cssSelector("#nav a[data-route=admin]")).isDisplayed()).isTrue();
        browser.signOut();
        browser.open("#/history");
        browser.awaitHeading("Sign in to Sluice");
    }
}
