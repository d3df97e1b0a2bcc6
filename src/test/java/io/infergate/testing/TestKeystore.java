package io.infergate.testing;

import io.infergate.keystore.KeystoreFile;
import io.infergate.keystore.NodeKeystore;
import java.nio.file.Path;
import java.util.Optional;

/** The one keystore every node of a test cluster shares, in the test's conf dir, created before any node starts. */
public final class TestKeystore {

  private TestKeystore() {
  }

  public static Path path(Path confDir) {
    return confDir.resolve("infergate.keystore");
  }

  /** Creates it when absent, with {@code storePassword} as {@code store.password} when it has none. */
  public static Path ensure(Path confDir, Optional<String> storePassword) {
    Path path = path(confDir);
    NodeKeystore.open(new KeystoreFile(path), new char[0], storePassword, Optional.empty());
    return path;
  }
}
