package io.infergate.security;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the bootstrap in its own JVM for {@link ElasticBootstrapTest}: waits until the file
 * {@code go} appears (so that both processes start the bootstrap together), then prints whether
 * it created the user.
 */
public final class BootstrapProcess {

  private BootstrapProcess() {
  }

  public static void main(String[] args) throws Exception {
    Path confDir = Path.of(args[0]);
    Path go = Path.of(args[1]);
    System.out.println("ready");
    System.out.flush();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no go file");
      }
      Thread.sleep(1);
    }
    ElasticBootstrap.Result result = new ElasticBootstrap(4).ensureElasticUser(confDir, null);
    System.out.println("created=" + result.created());
  }
}
