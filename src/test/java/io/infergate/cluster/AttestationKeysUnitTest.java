package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import io.infergate.secrets.ClusterKeyring;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttestationKeysUnitTest {

  private static final String GATEWAY = "11111111-1111-1111-1111-111111111111";
  private static final String MEMBER = "22222222-2222-2222-2222-222222222222";
  private static final String NONCE = "00112233445566778899aabbccddeeff";

  private static byte[] secret(int fill) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) fill);
    return secret;
  }

  @Test
  void anAnswerIsGoodForItsChallengerItsMemberAndItsNonceOnly() {
    AttestationKeys keys = new AttestationKeys(secret(1), List.of());
    String answer = keys.answer(GATEWAY, MEMBER, NONCE);
    assertThat(keys.verify(answer, GATEWAY, MEMBER, NONCE)).isTrue();
    assertThat(keys.verify(answer, MEMBER, MEMBER, NONCE)).as("another challenger").isFalse();
    assertThat(keys.verify(answer, GATEWAY, GATEWAY, NONCE)).as("another member").isFalse();
    assertThat(keys.verify(answer, GATEWAY, MEMBER, NONCE.replace('0', '1'))).as("another nonce").isFalse();
  }

  @Test
  void anAnswerUnderAnotherSecretIsWrongAndOneUnderTheSecretBeingRotatedOutIsRight() {
    ClusterKeyring keyring = new ClusterKeyring(secret(1), List.of());
    AttestationKeys gateway = new AttestationKeys(keyring);
    assertThat(gateway.verify(new AttestationKeys(secret(2), List.of()).answer(GATEWAY, MEMBER, NONCE),
        GATEWAY, MEMBER, NONCE)).isFalse();
    keyring.replace(secret(2), List.of(secret(1)));
    assertThat(gateway.verify(new AttestationKeys(secret(1), List.of()).answer(GATEWAY, MEMBER, NONCE),
        GATEWAY, MEMBER, NONCE)).as("a member not yet reloaded, during a rotation").isTrue();
    assertThat(gateway.verify(new AttestationKeys(secret(2), List.of()).answer(GATEWAY, MEMBER, NONCE),
        GATEWAY, MEMBER, NONCE)).isTrue();
  }

  @Test
  void neverPrintsAKey() {
    assertThat(new AttestationKeys(secret(1), List.of()).toString()).isEqualTo("AttestationKeys");
  }
}
