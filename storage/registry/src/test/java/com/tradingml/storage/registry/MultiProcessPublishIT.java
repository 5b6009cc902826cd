package com.tradingml.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig.JdbcSettings;
import com.tradingml.storage.objectstore.LocalDirectoryObjectStore;
import com.tradingml.storage.objectstore.ObjectInfo;
import com.tradingml.storage.objectstore.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Publishers in separate JVMs ({@link RegistryChild}): 16 concurrent ones get 16 distinct consecutive
 * versions (RELIABILITY.md M2), on PostgreSQL and on the embedded H2 database (AUTO_SERVER, hosted by
 * this JVM, as the CLI hosts it for its Spark child); and a publisher killed with SIGKILL at any step
 * leaves no READY version, its number PENDING until abandoned and then FAILED, and later publishes
 * get new numbers (M1).
 */
class MultiProcessPublishIT {

  private static final int PUBLISHERS = 16;
  private static final long STARTUP_SECONDS = 180;

  @TempDir Path temp;

  private final List<Child> children = new ArrayList<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private JdbcSettings postgres;

  @AfterEach
  void cleanUp() throws Exception {
    for (Child child : children) {
      child.process.destroyForcibly();
      child.process.waitFor(30, TimeUnit.SECONDS);
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    if (postgres != null) {
      TestDatabases.dropPostgresSchema(postgres);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "h2"})
  void shouldGiveSixteenPublishersInSeparateJvmsDistinctConsecutiveVersions(String backend) throws Exception {
    Path objects = temp.resolve("objects");
    ObjectStore store = open(new LocalDirectoryObjectStore(objects));
    JdbcSettings jdbc;
    ModelRegistry registry = null;
    if (backend.equals("h2")) {
      jdbc = TestDatabases.h2(temp);
      registry = open(new ModelRegistry(store, jdbc)); // this JVM opens the file first: it hosts the H2 server
    } else {
      jdbc = postgres = TestDatabases.newPostgresSchema(); // the children race to create the tables
    }
    for (int i = 0; i < PUBLISHERS; i++) {
      Path payload = Files.createDirectories(temp.resolve("payload-" + i));
      Files.writeString(payload.resolve("network.bin"), "weights of publisher " + i);
      Files.writeString(payload.resolve("card.json"), "{\"publisher\":" + i + "}");
      children.add(Child.start("publish", jdbc, objects, "shared", payload, temp.resolve("child-" + i + ".err")));
    }
    for (Child child : children) {
      child.expect("OPEN", STARTUP_SECONDS);
    }
    for (Child child : children) {
      child.send("GO"); // all are open: the publishes overlap as much as 2 cores allow
    }
    Map<Integer, Integer> publisherByVersion = new TreeMap<>();
    for (int i = 0; i < PUBLISHERS; i++) {
      String line = children.get(i).expect("PUBLISHED ", STARTUP_SECONDS);
      int version = Integer.parseInt(line.substring("PUBLISHED ".length()));
      assertThat(publisherByVersion.put(version, i)).as("version %d handed out twice", version).isNull();
      assertThat(children.get(i).process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(children.get(i).process.exitValue()).as(children.get(i).stderr()).isZero();
    }
    assertThat(publisherByVersion.keySet()).containsExactlyElementsOf(
        IntStream.rangeClosed(1, PUBLISHERS).boxed().collect(Collectors.toList()));

    if (registry == null) {
      registry = open(new ModelRegistry(store, jdbc));
    }
    assertThat(registry.attempts("shared")).hasSize(PUBLISHERS)
        .allSatisfy(v -> assertThat(v.status()).isEqualTo(VersionStatus.READY));
    for (Map.Entry<Integer, Integer> entry : publisherByVersion.entrySet()) {
      ModelVersion version = registry.get("shared", entry.getKey()).orElseThrow();
      VerifiedModel fetched = registry.fetch(version, temp.resolve("fetched-" + entry.getKey()));
      assertThat(fetched.file("network.bin")).as("v%d", entry.getKey())
          .hasContent("weights of publisher " + entry.getValue());
    }
  }

  @ParameterizedTest
  @EnumSource(PublishHook.Step.class)
  void shouldLeaveNoReadyVersionWhenThePublisherIsKilledAtAnyStep(PublishHook.Step killAt) throws Exception {
    Path objects = temp.resolve("objects");
    ObjectStore store = open(new LocalDirectoryObjectStore(objects));
    JdbcSettings jdbc = postgres = TestDatabases.newPostgresSchema();
    ModelRegistry registry = open(new ModelRegistry(store, jdbc));
    Path payload = Files.createDirectories(temp.resolve("payload"));
    Files.write(payload.resolve("a-network.bin"), ModelRegistryContract.randomBytes(2_000_000, 1));
    Files.write(payload.resolve("b-normalizer.bin"), ModelRegistryContract.randomBytes(1_000, 2));

    Child doomed = Child.start("stop-at:" + killAt, jdbc, objects, "victim", payload, temp.resolve("doomed.err"));
    children.add(doomed);
    assertThat(doomed.expect("REACHED ", STARTUP_SECONDS)).isEqualTo("REACHED " + killAt + " 1");
    doomed.process.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks, a dropped connection
    assertThat(doomed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    // Nothing of the killed publish is visible; its number stays reserved (PENDING).
    assertThat(registry.get("victim", 1)).isEmpty();
    assertThat(registry.models()).isEmpty();
    assertThat(statuses(registry, "victim")).containsExactly(Map.entry(1, VersionStatus.PENDING));

    // Later publishes work at once and get new numbers.
    Map<String, Path> artifacts = Map.of("a-network.bin", payload.resolve("a-network.bin"));
    assertThat(registry.publish("victim", artifacts, Map.of(), "survivor").version()).isEqualTo(2);

    // After abandonAfter without progress, the next publish marks it FAILED and removes its objects.
    Clock later = Clock.offset(Clock.systemUTC(), ModelRegistry.DEFAULT_ABANDON_AFTER.plus(Duration.ofMinutes(1)));
    try (ModelRegistry afterwards = new ModelRegistry(store, jdbc, later)) {
      assertThat(afterwards.publish("victim", artifacts, Map.of(), "survivor").version()).isEqualTo(3);
      assertThat(statuses(afterwards, "victim")).containsExactly(Map.entry(1, VersionStatus.FAILED),
          Map.entry(2, VersionStatus.READY), Map.entry(3, VersionStatus.READY));
      assertThat(store.list("models/victim/1/")).extracting(ObjectInfo::key).isEmpty();
      for (ModelVersion version : afterwards.versions("victim")) {
        assertThat(afterwards.verify(version).artifacts()).hasSize(1);
      }
    }
  }

  private static Map<Integer, VersionStatus> statuses(ModelRegistry registry, String model) {
    Map<Integer, VersionStatus> statuses = new TreeMap<>();
    registry.attempts(model).forEach(v -> statuses.put(v.version(), v.status()));
    return statuses;
  }

  private <T extends AutoCloseable> T open(T resource) {
    resources.add(resource);
    return resource;
  }

  /** A child JVM running {@link RegistryChild}, its stdout read line by line on a daemon thread. */
  private static final class Child {
    final Process process;
    final Path stderrFile;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Child(Process process, Path stderrFile) {
      this.process = process;
      this.stderrFile = stderrFile;
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("stdout failed: " + e);
        }
      }, "child-stdout-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(String mode, JdbcSettings jdbc, Path objects, String model, Path payload, Path stderr)
        throws IOException {
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
          RegistryChild.class.getName(), mode, jdbc.url(), jdbc.user(), objects.toString(), model, payload.toString());
      Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      return new Child(process, stderr);
    }

    /** The next stdout line, which must start with {@code prefix}. */
    String expect(String prefix, long seconds) throws InterruptedException {
      String line = lines.poll(seconds, TimeUnit.SECONDS);
      assertThat(line).as("child %d: expected a line starting with '%s' within %ds; stderr: %s", process.pid(),
          prefix, seconds, stderr()).isNotNull().startsWith(prefix);
      return line;
    }

    void send(String line) throws IOException {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    String stderr() {
      try {
        return Files.exists(stderrFile) ? Files.readString(stderrFile) : "";
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }
  }
}
