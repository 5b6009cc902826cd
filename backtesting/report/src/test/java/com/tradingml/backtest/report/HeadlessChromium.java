package com.tradingml.backtest.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools protocol with the JDK's own WebSocket client:
 * commands are sent and answered by id, events are recorded with their session so a test can assert on
 * everything a page did (exceptions, console and log entries, network requests, dialogs).
 *
 * <p>One browser per test class; each {@link #open} makes a fresh tab (target) with its own session.
 */
final class HeadlessChromium implements AutoCloseable {
  /** Debian's chromium launcher; {@code -Dchromium.path=...} points elsewhere. */
  static final Path EXECUTABLE = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final StringBuffer stderr = new StringBuffer();
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();

  private HeadlessChromium(Process process, String endpoint) {
    this.process = process;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(endpoint), new Listener()).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** Starts the browser with a fresh profile and no background networking, and connects to it. */
  static HeadlessChromium launch(Path profile) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    Process process = new ProcessBuilder(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1400,3000", "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    StringBuffer log = new StringBuffer();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          log.append(line).append('\n');
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            endpoint.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        endpoint.completeExceptionally(e);
      }
      endpoint.completeExceptionally(new IllegalStateException("chromium exited before listening:\n" + log));
    }, "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    try {
      HeadlessChromium browser =
          new HeadlessChromium(process, endpoint.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join());
      browser.stderr.append(log);
      return browser;
    } catch (RuntimeException e) {
      stop(process);
      throw new IllegalStateException("could not start or reach chromium; its stderr:\n" + log, e);
    }
  }

  /** Opens a new tab on about:blank, attaches to it and enables the domains whose events tests check. */
  String open() {
    String targetId = call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
    String session = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
        .path("sessionId").asText();
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      call(session, domain + ".enable", Map.of());
    }
    call(session, "Emulation.setDeviceMetricsOverride",
        Map.of("width", 1400, "height", 3000, "deviceScaleFactor", 1, "mobile", false));
    return session;
  }

  /** Navigates and waits for the load event. */
  void navigate(String session, String url) {
    int before = eventCount();
    JsonNode result = call(session, "Page.navigate", Map.of("url", url));
    if (result.hasNonNull("errorText")) {
      throw new IllegalStateException("navigation to " + url + " failed: " + result.get("errorText").asText());
    }
    awaitEvent(session, "Page.loadEventFired", before);
  }

  /** Evaluates an expression in the page and returns its value (objects come back by value). */
  JsonNode evaluate(String session, String expression) {
    JsonNode result = call(session, "Runtime.evaluate",
        Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("evaluation failed: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Sends one command and waits for its answer; a protocol error becomes an exception. */
  JsonNode call(String session, String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    synchronized (socket) {
      socket.sendText(message.toString(), true).join();
    }
    JsonNode response = answer.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    if (response.has("error")) {
      throw new IllegalStateException(method + " failed: " + response.get("error"));
    }
    return response.path("result");
  }

  /** Every event recorded so far for {@code session}. */
  List<JsonNode> events(String session) {
    synchronized (events) {
      return events.stream().filter(e -> session.equals(e.path("sessionId").asText())).toList();
    }
  }

  String stderr() {
    return stderr.toString();
  }

  private int eventCount() {
    synchronized (events) {
      return events.size();
    }
  }

  private void awaitEvent(String session, String method, int after) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    synchronized (events) {
      while (true) {
        for (int i = after; i < events.size(); i++) {
          JsonNode e = events.get(i);
          if (method.equals(e.path("method").asText()) && session.equals(e.path("sessionId").asText())) {
            return;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(new TimeoutException("no " + method + " within " + TIMEOUT));
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(events, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for " + method, e);
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      call(null, "Browser.close", Map.of());
    } catch (RuntimeException e) {
      // The browser may close the socket before answering; stopping the process below is what matters.
    }
    socket.abort();
    stop(process);
  }

  /** Stops the process this class started, and its children, by their ids. */
  private static void stop(Process process) {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Collects text frames into messages; answers complete their command, everything else is an event. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode message = JSON.readTree(text);
          if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
            if (answer != null) {
              answer.complete(message);
            }
          } else {
            synchronized (events) {
              events.add(message);
              events.notifyAll();
            }
          }
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
