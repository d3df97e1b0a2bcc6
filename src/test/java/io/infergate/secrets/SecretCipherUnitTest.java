package io.infergate.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AES-256-GCM sealing: a round trip, and every change of key, IV, ciphertext or binding refused. */
class SecretCipherUnitTest {

  private static final byte[] SECRET = bytes("a cluster secret of more than sixteen bytes");
  private static final byte[] OTHER_SECRET = bytes("another cluster's secret, also long enough");
  private static final byte[] PLAINTEXT = bytes("sk-canary-0123456789");
  private static final byte[] BINDING = bytes("endpoint-a\0api_key");

  private final SecretCipher cipher = new SecretCipher(SecretKeys.fromClusterSecret(SECRET));

  @Test
  void aSealedValueOpensToItsPlaintext() {
    SealedValue sealed = cipher.seal(PLAINTEXT, BINDING);

    assertThat(sealed.keyId()).isEqualTo(cipher.keys().currentId()).hasSize(8);
    assertThat(new String(sealed.data(), StandardCharsets.ISO_8859_1)).doesNotContain("canary");
    assertThat(cipher.open(sealed, BINDING)).isEqualTo(PLAINTEXT);
    assertThat(cipher.open(SealedValue.fromJson(sealed.toJson()), BINDING)).as("through its stored form")
        .isEqualTo(PLAINTEXT);
  }

  @Test
  void everySealHasAFreshIv() {
    SealedValue first = cipher.seal(PLAINTEXT, BINDING);
    SealedValue second = cipher.seal(PLAINTEXT, BINDING);

    assertThat(first.iv()).hasSize(12).isNotEqualTo(second.iv());
    assertThat(first.data()).isNotEqualTo(second.data());
  }

  @Test
  void theSameClusterSecretGivesTheSameKeyOnEveryNode() {
    SecretCipher otherNode = new SecretCipher(SecretKeys.fromClusterSecret(SECRET.clone()));

    assertThat(otherNode.open(cipher.seal(PLAINTEXT, BINDING), BINDING)).isEqualTo(PLAINTEXT);
  }

  @Test
  void aChangedCiphertextIsRefused() {
    SealedValue sealed = cipher.seal(PLAINTEXT, BINDING);
    byte[] data = sealed.data().clone();
    data[0] ^= 1;

    assertRefused(new SealedValue(sealed.keyId(), sealed.iv(), data), BINDING);
  }

  @Test
  void aChangedTagIsRefused() {
    SealedValue sealed = cipher.seal(PLAINTEXT, BINDING);
    byte[] data = sealed.data().clone();
    data[data.length - 1] ^= 1;

    assertRefused(new SealedValue(sealed.keyId(), sealed.iv(), data), BINDING);
  }

  @Test
  void aChangedIvIsRefused() {
    SealedValue sealed = cipher.seal(PLAINTEXT, BINDING);
    byte[] iv = sealed.iv().clone();
    iv[11] ^= 1;

    assertRefused(new SealedValue(sealed.keyId(), iv, sealed.data()), BINDING);
    assertRefused(new SealedValue(sealed.keyId(), new byte[16], sealed.data()), BINDING);
  }

  @Test
  void anotherBindingIsRefused() {
    SealedValue sealed = cipher.seal(PLAINTEXT, BINDING);

    assertRefused(sealed, bytes("endpoint-b\0api_key"));
  }

  @Test
  void anotherClusterSecretIsRefused() {
    SealedValue sealed = cipher.seal(PLAINTEXT, BINDING);
    SecretCipher other = new SecretCipher(SecretKeys.fromClusterSecret(OTHER_SECRET));

    assertThat(other.keys().currentId()).isNotEqualTo(cipher.keys().currentId());
    assertThatThrownBy(() -> other.open(sealed, BINDING)).isInstanceOf(SecretUnreadableException.class)
        .hasMessageContaining(sealed.keyId());
    // A key id copied onto the value changes nothing: the key itself does not open it.
    assertThatThrownBy(() -> other.open(new SealedValue(other.keys().currentId(), sealed.iv(), sealed.data()), BINDING))
        .isInstanceOf(SecretUnreadableException.class);
  }

  @Test
  void aDecryptOnlyKeyOpensButNeverSeals() {
    SealedValue underOld = cipher.seal(PLAINTEXT, BINDING);
    SecretCipher rotated = new SecretCipher(SecretKeys.fromClusterSecrets(OTHER_SECRET, List.of(SECRET)));

    assertThat(rotated.keys().holds(cipher.keys().currentId())).isTrue();
    assertThat(rotated.open(underOld, BINDING)).isEqualTo(PLAINTEXT);
    SealedValue underNew = rotated.seal(PLAINTEXT, BINDING);
    assertThat(underNew.keyId()).isNotEqualTo(underOld.keyId())
        .isEqualTo(SecretKeys.fromClusterSecret(OTHER_SECRET).currentId());
    assertThatThrownBy(() -> cipher.open(underNew, BINDING)).isInstanceOf(SecretUnreadableException.class);
  }

  @Test
  void aShortClusterSecretIsRefused() {
    assertThatThrownBy(() -> SecretKeys.fromClusterSecret(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretKeys.fromClusterSecrets(SECRET, List.of(new byte[15])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeysNeverPrintAKey() {
    String id = cipher.keys().currentId();
    assertThat(cipher.keys().toString()).isEqualTo("SecretKeys[current=" + id + ", all=[" + id + "]]");
  }

  private void assertRefused(SealedValue sealed, byte[] binding) {
    assertThatThrownBy(() -> cipher.open(sealed, binding)).isInstanceOf(SecretUnreadableException.class);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
