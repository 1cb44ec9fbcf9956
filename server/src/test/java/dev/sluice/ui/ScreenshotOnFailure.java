package dev.sluice.ui;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Keeps what the browser showed when a test failed, before any @AfterEach moves on:
 * target/screenshots/failed-TEST.png.
 */
final class ScreenshotOnFailure implements TestExecutionExceptionHandler {
    private final Supplier<Browser> browser;

    ScreenshotOnFailure(Supplier<Browser> browser) {
        this.browser = browser;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable cause) throws Throwable {
        Browser b = browser.get();
        if (b != null) {
            try {
                b.screenshot("failed-" + context.getRequiredTestMethod().getName());
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        throw cause;
    }
}
