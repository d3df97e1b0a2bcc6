package io.infergate.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keystore's file format, on real files. */
class KeystoreFileTest {

  @TempDir
  Path dir;

  private static final char[] PASSWORD = "correct horse".toCharArray();

  @Test
  void whatIsWrittenReadsBackWithThePasswordAndOnlyTheOwnerMayReadIt() throws Exception {
    KeystoreFile file = new KeystoreFile(dir.resolve("infergate.keystore"));
    byte[] binary = {0, 1, 2, (byte) 255};
    file.save(Keystore.empty().with("cluster.secret", binary).with("store.password", utf8("pg-secret")), PASSWORD);

    Keystore read = file.load(PASSWORD.clone());

    assertThat(read.names()).containsExactly("cluster.secret", "store.password");
    assertThat(read.get("cluster.secret")).contains(binary);
    assertThat(read.get("store.password")).contains(utf8("pg-secret"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
    String text = Files.readString(file.path());
    assertThat(text).doesNotContain("pg-secret").doesNotContain(Base64.getEncoder().encodeToString(utf8("pg-secret")));
    JsonObject container = new JsonObject(text);
    assertThat(container.getInteger("version")).isEqualTo(1);
    assertThat(container.getString("kdf")).isEqualTo("PBKDF2WithHmacSHA512");
    assertThat(container.getInteger("iterations")).isEqualTo(210_000);
    assertThat(container.fieldNames()).contains("salt", "iv", "ciphertext");
  }

  @Test
  void anEmptyPasswordObfuscatesTheFile() {
    KeystoreFile file = new KeystoreFile(dir.resolve("infergate.keystore"));
    file.save(Keystore.empty().with("store.password", utf8("pg-secret")), new char[0]);

    assertThat(file.load(new char[0]).get("store.password")).contains(utf8("pg-secret"));
  }

  @Test
  void aWrongPasswordIsRefusedWithAClearMessage() {
    KeystoreFile file = new KeystoreFile(dir.resolve("infergate.keystore"));
    file.save(Keystore.empty().with("cluster.secret", new byte[32]), PASSWORD);

    assertThatThrownBy(() -> file.load("wrong".toCharArray()))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("the keystore [" + file.path() + "] cannot be opened: the password is wrong or the file was altered");
    assertThatThrownBy(() -> file.load(new char[0])).isInstanceOf(KeystoreException.class);
  }

  @Test
  void aTamperedCiphertextOrHeaderIsRefused() throws Exception {
    KeystoreFile file = new KeystoreFile(dir.resolve("infergate.keystore"));
    file.save(Keystore.empty().with("cluster.secret", new byte[32]), PASSWORD);
    JsonObject original = new JsonObject(Files.readString(file.path()));

    byte[] ciphertext = Base64.getDecoder().decode(original.getString("ciphertext"));
    ciphertext[3] ^= 1;
    Files.writeString(file.path(), original.copy().put("ciphertext", Base64.getEncoder().encodeToString(ciphertext)).encode());
    assertThatThrownBy(() -> file.load(PASSWORD.clone())).isInstanceOf(KeystoreException.class)
        .hasMessageContaining("the password is wrong or the file was altered");

    Files.writeString(file.path(), original.copy().put("iterations", 210_001).encode());
    assertThatThrownBy(() -> file.load(PASSWORD.clone())).isInstanceOf(KeystoreException.class)
        .hasMessageContaining("the password is wrong or the file was altered");

    Files.writeString(file.path(), original.copy().put("version", 2).encode());
    assertThatThrownBy(() -> file.load(PASSWORD.clone())).isInstanceOf(KeystoreException.class)
        .hasMessageContaining("unknown format");

    Files.writeString(file.path(), "{not json");
    assertThatThrownBy(() -> file.load(PASSWORD.clone())).isInstanceOf(KeystoreException.class)
        .hasMessageContaining("is damaged");
  }

  @Test
  void aFailedMoveLeavesTheTargetAsItWasAndNoTemporaryFile() throws Exception {
    // The move onto a non-empty directory fails after the temporary file was written whole.
    Files.createDirectories(dir.resolve("blocked/inside"));
    KeystoreFile blocked = new KeystoreFile(dir.resolve("blocked"));

    assertThatThrownBy(() -> blocked.save(Keystore.empty().with("cluster.secret", new byte[] {8}), PASSWORD))
        .isInstanceOf(KeystoreException.class).hasMessageContaining("cannot write the keystore");

    assertThat(dir.resolve("blocked/inside")).isDirectory();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("blocked");
    }
  }

  @Test
  void createNewLeavesAnExistingFileAlone() {
    KeystoreFile file = new KeystoreFile(dir.resolve("infergate.keystore"));
    assertThat(file.createNew(Keystore.empty().with("cluster.secret", new byte[] {1}), PASSWORD)).isTrue();
    assertThat(file.createNew(Keystore.empty().with("cluster.secret", new byte[] {2}), PASSWORD)).isFalse();

    assertThat(file.load(PASSWORD.clone()).get("cluster.secret")).contains(new byte[] {1});
  }

  @Test
  void settingNamesAreLowerCaseAndDotted() {
    assertThat(Keystore.checkName("store.password")).isEqualTo("store.password");
    assertThat(Keystore.checkName("http.ssl.key_password")).isEqualTo("http.ssl.key_password");
    for (String bad : new String[] {"Store.password", "store..password", ".store", "store.", "a-b", ""}) {
      assertThatThrownBy(() -> Keystore.checkName(bad)).isInstanceOf(KeystoreException.class)
          .hasMessageContaining("invalid setting name [" + bad + "]");
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
