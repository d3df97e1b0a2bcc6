package io.infergate.testing;

import io.infergate.keystore.Keystore;
import io.infergate.keystore.KeystoreFile;
import io.infergate.keystore.NodeKeystore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
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

  /**
   * Writes (replaces) the keystore at {@code path} with these secrets (hex) and store password: the
   * keystore of nodes that must run with a given cluster secret, as during a rotation.
   */
  public static Path write(Path path, String clusterSecretHex, List<String> decryptOnlySecretsHex,
      Optional<String> storePassword) {
    Keystore keystore = Keystore.empty().with(Keystore.CLUSTER_SECRET, HexFormat.of().parseHex(clusterSecretHex));
    for (int i = 0; i < decryptOnlySecretsHex.size(); i++) {
      keystore = keystore.with(Keystore.DECRYPT_ONLY_SECRET + "." + (i + 1),
          HexFormat.of().parseHex(decryptOnlySecretsHex.get(i)));
    }
    if (storePassword.isPresent()) {
      keystore = keystore.with(Keystore.STORE_PASSWORD, storePassword.get().getBytes(StandardCharsets.UTF_8));
    }
    new KeystoreFile(path).save(keystore, new char[0]);
    return path;
  }
}
