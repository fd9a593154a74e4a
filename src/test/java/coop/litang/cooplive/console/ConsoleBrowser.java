package coop.litang.cooplive.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven through Debian's ChromeDriver, with a fresh profile,
 * as a phone (360 × 800 CSS pixels, touch, twice the pixels) or a laptop. Never a browser
 * a tool downloads: {@code .ci/run} installs {@code chromium} and
 * {@code chromium-driver}.
 */
final class ConsoleBrowser implements AutoCloseable {

	static final String CHROMIUM = System.getenv().getOrDefault("COOPLIVE_CHROMIUM", "/usr/bin/chromium");

	static final String CHROMEDRIVER = System.getenv().getOrDefault("COOPLIVE_CHROMEDRIVER", "/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	private final ChromeDriver driver;

	private final Path profile;

	private final WebDriverWait wait;

	private final Path downloads;

	private ConsoleBrowser(boolean phone) {
		assertThat(new File(CHROMIUM).canExecute()).as("Chromium (apt-get install chromium; .ci/run does)").isTrue();
		assertThat(new File(CHROMEDRIVER).canExecute())
			.as("ChromeDriver (apt-get install chromium-driver; .ci/run does)")
			.isTrue();
		try {
			this.profile = Files.createTempDirectory("cooplive-chromium-");
			this.downloads = Files.createDirectories(this.profile.resolve("downloads"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// the flags that keep Chromium from calling hosts this network refuses
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--no-default-browser-check", "--lang=zh-CN",
				"--user-data-dir=" + this.profile.toAbsolutePath());
		// what the page saves (a PDF, a CSV) lands in the profile, without asking
		options.setExperimentalOption("prefs", Map.of("download.default_directory",
				this.downloads.toAbsolutePath().toString(), "download.prompt_for_download", false));
		if (phone) {
			options.setExperimentalOption("mobileEmulation",
					Map.of("deviceMetrics", Map.of("width", 360, "height", 800, "pixelRatio", 2.0, "touch", true)));
		}
		else {
			options.addArguments("--window-size=1280,800");
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			// Chromium on Linux takes its own language (date pickers) from the
			// environment
			.withEnvironment(Map.of("LANGUAGE", "zh_CN", "LANG", "zh_CN.UTF-8"))
			.build();
		this.driver = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.driver, Duration.ofSeconds(15));
	}

	static ConsoleBrowser phone() {
		return new ConsoleBrowser(true);
	}

	static ConsoleBrowser laptop() {
		return new ConsoleBrowser(false);
	}

	ConsoleBrowser open(String url) {
		this.driver.get(url);
		return this;
	}

	/** Signs in on the console's sign-in view. */
	void signIn(String username, String password) {
		shown("#view-sign-in");
		type("#username", username);
		type("#password", password);
		click("#sign-in-submit");
	}

	/** Scrolls to the top of the page. */
	void toTop() {
		script("window.scrollTo(0, 0)");
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> all(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	/** Waits until the element is shown, and answers it. */
	WebElement shown(String css) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
	}

	/** Waits until the element's text contains the given text. */
	WebElement showsText(String css, String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
		return find(css);
	}

	void type(String css, String text) {
		WebElement field = shown(css);
		field.clear();
		field.sendKeys(text);
	}

	/** Sets an input's value as a picker would (date and time inputs take no typing). */
	void set(String css, String value) {
		this.driver.executeScript("arguments[0].value = arguments[1];"
				+ "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", find(css), value);
	}

	void choose(String css, String value) {
		new Select(shown(css)).selectByValue(value);
	}

	/** Clicks the element, scrolled to the middle first: the sticky bar hides the top. */
	void click(String css) {
		click(shown(css));
	}

	void click(WebElement element) {
		this.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
		element.click();
	}

	Object script(String script, Object... arguments) {
		return this.driver.executeScript(script, arguments);
	}

	/**
	 * Clicks what opens a new tab, waits until that tab holds a loaded page whose script
	 * answers something other than null, and answers that; the tab is closed after.
	 */
	Object inNewTab(String css, String script) {
		java.util.Set<String> before = this.driver.getWindowHandles();
		String home = this.driver.getWindowHandle();
		click(css);
		this.wait.until((driver) -> driver.getWindowHandles().size() > before.size());
		String tab = this.driver.getWindowHandles().stream().filter((h) -> !before.contains(h)).findFirst().get();
		this.driver.switchTo().window(tab);
		try {
			return this.wait.until((driver) -> ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script));
		}
		finally {
			this.driver.close();
			this.driver.switchTo().window(home);
		}
	}

	/**
	 * Waits until a download whose whole name matches the pattern is complete, and
	 * answers its path.
	 */
	Path downloaded(String pattern) {
		Path[] found = new Path[1];
		this.wait.until((driver) -> {
			try (Stream<Path> files = Files.list(this.downloads)) {
				found[0] = files.filter((file) -> file.getFileName().toString().matches(pattern))
					.findFirst()
					.orElse(null);
				return found[0] != null && Files.size(found[0]) > 0;
			}
			catch (IOException ex) {
				return false;
			}
		});
		return found[0];
	}

	/** Saves what the browser shows as {@code target/console-screenshots/<name>.png}. */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// a temporary profile left behind is harmless
			}
		}
	}

}
