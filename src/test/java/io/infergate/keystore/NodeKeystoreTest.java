package io.infergate.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.testing.CapturedLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node does with its keystore at start: create, seed the store password, read its secrets. */
class NodeKeystoreTest {

  @TempDir
  Path dir;

  private CapturedLog log;

  @BeforeEach
  void capture() {
    log = CapturedLog.of(NodeKeystore.class.getName(), Level.INFO);
  }

  @AfterEach
  void release() {
    log.close();
  }

  @Test
  void anAbsentKeystoreIsCreatedWithARandomClusterSecretAndOneInfoLine() throws Exception {
    KeystoreFile file = new KeystoreFile(dir.resolve("conf/infergate.keystore"));

    NodeSecrets secrets = NodeKeystore.open(file, new char[0], Optional.empty(), Optional.empty());

    assertThat(secrets.clusterSecret()).hasSize(32);
    assertThat(secrets.storePassword()).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
    assertThat(file.load(new char[0]).get(Keystore.CLUSTER_SECRET)).contains(secrets.clusterSecret());
    assertThat(log.lines()).singleElement().asString().startsWith("INFO created the keystore [" + file.path() + "]")
        .contains(secrets.clusterSecretFingerprint()).endsWith("copy it to every node of this cluster");

    NodeSecrets again = NodeKeystore.open(file, new char[0], Optional.empty(), Optional.empty());
    assertThat(again.clusterSecretFingerprint()).isEqualTo(secrets.clusterSecretFingerprint());
    assertThat(log.lines()).hasSize(1);
  }

  @Test
  void aSubscriberReadsTheClusterSecretOfAnExistingKeystoreAndNeverCreatesOne() {
    KeystoreFile file = new KeystoreFile(dir.resolve("infergate.keystore"));
    assertThatThrownBy(() -> NodeKeystore.clusterSecret(file, new char[0])).isInstanceOf(KeystoreException.class)
        .hasMessageContaining("does not exist");
    assertThat(file.exists()).isFalse();

    NodeSecrets node = NodeKeystore.open(file, "pw".toCharArray(), Optional.empty(), Optional.empty());
    assertThat(NodeKeystore.clusterSecret(file, "pw".toCharArray())).isEqualTo(node.clusterSecret());
    assertThatThrownBy(() -> NodeKeystore.clusterSecret(file, "wrong".toCharArray()))
        .isInstanceOf(KeystoreException.class).hasMessageContaining("INFERGATE_KEYSTORE_PASSWORD");
  }

  @Test
  void theEnvironmentsStorePasswordIsWrittenIntoTheKeystoreOnceAndNeverLogged() {
    KeystoreFile file = new KeystoreFile(dir.resolve("infergate.keystore"));
    NodeKeystore.open(file, new char[0], Optional.empty(), Optional.empty());

    NodeSecrets seeded = NodeKeystore.open(file, new char[0], Optional.of("pg-secret"), Optional.empty());

    assertThat(seeded.storePassword()).contains("pg-secret");
    assertThat(file.load(new char[0]).get(Keystore.STORE_PASSWORD)).contains(utf8("pg-secret"));
    assertThat(log.lines().get(1)).startsWith("INFO updated the keystore").contains("store.password from INFERGATE_STORE_PASSWORD");
    assertThat(String.join("\n", log.lines())).doesNotContain("pg-secret");
    // Once it is there, the keystore's value wins over the environment's.
    assertThat(NodeKeystore.open(file, new char[0], Optional.of("other"), Optional.empty()).storePassword())
        .contains("pg-secret");
  }

  @Test
  void aStorePasswordInTheConfigurationStillWorksWithADeprecationWarning() {
    KeystoreFile file = new KeystoreFile(dir.resolve("infergate.keystore"));

    NodeSecrets secrets = NodeKeystore.open(file, new char[0], Optional.empty(), Optional.of("from-json"));

    assertThat(secrets.storePassword()).contains("from-json");
    assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARNING store.password in the node configuration"
        + " is deprecated: move it into the keystore with scripts/keystore add store.password --stdin"));
    assertThat(String.join("\n", log.lines())).doesNotContain("from-json");
  }

  @Test
  void aProtectedKeystoreNeedsItsPassword() {
    KeystoreFile file = new KeystoreFile(dir.resolve("infergate.keystore"));
    NodeKeystore.open(file, "pw".toCharArray(), Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> NodeKeystore.open(file, new char[0], Optional.empty(), Optional.empty()))
        .isInstanceOf(KeystoreException.class).hasMessageEndingWith("the password is wrong or the file was altered; "
            + "a node takes the keystore's password from INFERGATE_KEYSTORE_PASSWORD");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
