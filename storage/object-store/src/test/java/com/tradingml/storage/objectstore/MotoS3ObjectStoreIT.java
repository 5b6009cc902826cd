package com.tradingml.storage.objectstore;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract kit, putIfAbsent included, against a second real S3 API server that implements
 * conditional writes (moto's server, {@code moto_server}), which s3proxy 2.6.0 does not (see
 * {@link S3ObjectStoreTest}). moto is not a build dependency: this run happens where {@code moto_server}
 * is on the PATH (it is on this project's CI machines) and is skipped with a stated reason elsewhere.
 */
class MotoS3ObjectStoreIT extends ObjectStoreContract {

  private static Process moto;
  private static String endpoint;

  @BeforeAll
  static void startMoto() throws Exception {
    Path executable = findOnPath("moto_server");
    assumeThat(executable).as("moto_server is not on the PATH; the putIfAbsent contract on S3 needs a server with "
        + "conditional writes").isNotNull();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    moto = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    endpoint = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!accepts(port)) {
      if (!moto.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("moto_server did not start on " + endpoint);
      }
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stopMoto() throws Exception {
    if (moto != null) {
      moto.destroy();
      if (!moto.waitFor(10, TimeUnit.SECONDS)) {
        moto.destroyForcibly();
      }
    }
  }

  @Override
  protected ObjectStore newStore() {
    S3ObjectStore store = new S3ObjectStore(endpoint, "us-east-1", "contract-" + UUID.randomUUID().toString().substring(0, 8),
        "moto-access-key", "moto-secret-key");
    store.ensureBucket();
    return store;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
