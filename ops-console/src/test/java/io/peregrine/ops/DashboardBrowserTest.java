package io.peregrine.ops;

import io.peregrine.testsupport.FixCounterparty;
import io.peregrine.testsupport.FixRequests;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import quickfix.field.TimeInForce;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard in a real headless Chromium (Debian packages {@code chromium} and {@code chromium-driver}): loads
 * with no console errors, shows numbers that change under load, and its kill switch button works. Skipped on a
 * developer machine without Chromium; in CI ({@code CI=true}) a missing browser fails the test, and
 * {@code .ci/run} installs it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardBrowserTest
{
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    private static void requireBrowser()
    {
        if (CHROMIUM.canExecute() && CHROMEDRIVER.canExecute())
        {
            return;
        }
        final String missing = "headless Chromium not found (" + CHROMIUM + ", " + CHROMEDRIVER + "): install it " +
            "with 'apt-get install -y chromium chromium-driver' (.ci/run does)";
        if ("true".equalsIgnoreCase(System.getenv("CI")))
        {
            fail(missing);
        }
        Assumptions.abort(missing);
    }

    private static WebDriver browser()
    {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1400,1000");
        final LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER)
            .usingAnyFreePort()
            .build();
        return new ChromeDriver(service, options);
    }

    /** Clicks an admin button, gives the right token in the confirmation dialog and waits for the result text. */
    private static void confirmWithToken(
        final WebDriver driver, final WebDriverWait wait, final String token, final String button, final String result)
    {
        driver.findElement(By.id(button)).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kill-dialog")));
        driver.findElement(By.id("kill-token")).sendKeys(token);
        driver.findElement(By.id("kill-confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("kill-result"), result));
    }

    private static String text(final WebDriver driver, final String id)
    {
        return driver.findElement(By.id(id)).getText();
    }

    @Test
    void loadsWithoutConsoleErrorsShowsLiveNumbersAndTheKillSwitchButtonWorks() throws Exception
    {
        requireBrowser();
        try (OpsTestStack stack = new OpsTestStack(dir, true);
            FixCounterparty broker = stack.broker())
        {
            final WebDriver driver = browser();
            final AtomicBoolean loading = new AtomicBoolean(true);
            final Thread load = new Thread(() ->
            {
                int i = 0;
                while (loading.get())
                {
                    try
                    {
                        final boolean aapl = i % 2 == 0;
                        broker.sendNow(FixRequests.newOrder("D" + i++, '1', aapl ? "AAPL" : "MSFT",
                            aapl ? "191.00" : "422.00", 10, TimeInForce.IMMEDIATE_OR_CANCEL, "ACC1"));
                        Thread.sleep(20);
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                    catch (final Exception ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }
            }, "dashboard-load");
            try
            {
                final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get(stack.ops.url() + "/");
                assertEquals("Peregrine ops", driver.getTitle());
                wait.until(ExpectedConditions.textToBe(By.id("health-status"), "READY"));
                assertNotNull(((JavascriptExecutor)driver).executeScript(
                    "return Chart.getChart('rate-chart') && Chart.getChart('latency-chart') && " +
                    "Chart.getChart('reject-chart') ? 'charts' : null;"), "the three charts are drawn");

                load.start();
                final long firstTotal = Long.parseLong(text(driver, "accepted-total"));
                wait.until((d) -> Long.parseLong(text(d, "accepted-total")) > firstTotal + 10);
                wait.until((d) -> Long.parseLong(text(d, "orders-rate")) > 0);
                wait.until((d) -> Long.parseLong(text(d, "fills-rate")) > 0);
                final long secondTotal = Long.parseLong(text(driver, "accepted-total"));
                wait.until((d) -> Long.parseLong(text(d, "accepted-total")) > secondTotal);
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("venue-table"), "logged on"));

                final List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                    .collect(Collectors.toList());
                assertTrue(errors.isEmpty(), "browser console: " + errors);

                // the button asks for confirmation and the token; a wrong token is refused and changes nothing
                driver.findElement(By.id("kill-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kill-dialog")));
                assertTrue(text(driver, "kill-dialog-text").contains("Stop ALL new orders"));
                driver.findElement(By.id("kill-token")).sendKeys("not-the-token-0123456789");
                driver.findElement(By.id("kill-confirm")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("kill-result"), "refused (401)"));
                assertEquals(0.0, PrometheusText.parse(stack.get("/metrics").body())
                    .value("peregrine_kill_switch_global"));

                confirmWithToken(driver, wait, stack.token(), "kill-button", "kill switch on for global");
                wait.until(ExpectedConditions.textToBe(By.id("kill-state"), "KILL SWITCH ON"));
                assertEquals(1.0, PrometheusText.parse(stack.get("/metrics").body())
                    .value("peregrine_kill_switch_global"));
                wait.until((d) -> Long.parseLong(text(d, "rejects-rate")) > 0);

                confirmWithToken(driver, wait, stack.token(), "resume-button", "kill switch lifted for global");
                wait.until(ExpectedConditions.textToBe(By.id("kill-state"), "trading"));
            }
            finally
            {
                loading.set(false);
                load.join(10_000);
                driver.quit();
            }
        }
    }
}
