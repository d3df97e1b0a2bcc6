package io.infergate.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A document's secret settings sealed value by value, and read back; legacy plaintext read as it is. */
class SecretSettingsCodecUnitTest {

  private static final String CANARY = "sk-canary-7f3e2a91";

  private static final String SECRET = "the secret of this cluster, long enough";

  private final SecretSettingsCodec codec = codec(SECRET);

  @Test
  void everyValueIsSealedAndOpensAgain() {
    JsonObject plaintext = new JsonObject().put("api_key", CANARY).put("count", 3)
        .put("list", new JsonArray().add("x")).put("nested", new JsonObject().put("a", true));

    JsonObject stored = codec.seal("endpoint-a", plaintext);

    assertThat(stored.fieldNames()).containsExactlyInAnyOrder("api_key", "count", "list", "nested");
    stored.forEach(setting -> assertThat(SealedValue.isSealed(setting.getValue())).as(setting.getKey()).isTrue());
    assertThat(stored.encode()).doesNotContain(CANARY);
    assertThat(codec.needsResealing(stored)).isFalse();
    assertThat(codec.open("endpoint-a", stored)).isEqualTo(plaintext);
  }

  @Test
  void aPlaintextValueOfAnOlderVersionIsReadAsItIsAndSealedByTheNextWrite() {
    JsonObject legacy = new JsonObject().put("api_key", CANARY);

    assertThat(codec.needsResealing(legacy)).isTrue();
    JsonObject read = codec.open("endpoint-a", legacy);
    assertThat(read).isEqualTo(legacy);
    assertThat(codec.seal("endpoint-a", read).encode()).doesNotContain(CANARY);
  }

  @Test
  void aValueMovedToAnotherDocumentOrSettingStaysSealed() {
    JsonObject stored = codec.seal("endpoint-a", new JsonObject().put("api_key", CANARY));
    JsonObject moved = new JsonObject().put("other_key", stored.getValue("api_key"));

    assertThat(codec.open("endpoint-b", stored).getValue("api_key")).isEqualTo(stored.getValue("api_key"));
    assertThat(codec.open("endpoint-a", moved).getValue("other_key")).isEqualTo(stored.getValue("api_key"));
  }

  @Test
  void aNodeWithAnotherSecretReadsNothingAndItsWritesKeepTheSealedValue() {
    JsonObject stored = codec.seal("endpoint-a", new JsonObject().put("api_key", CANARY));
    SecretSettingsCodec stranger = codec("a stranger's secret, long enough too");

    JsonObject read = stranger.open("endpoint-a", stored);

    assertThat(read.encode()).doesNotContain(CANARY);
    assertThat(stranger.seal("endpoint-a", read)).isEqualTo(stored);
    assertThat(codec.open("endpoint-a", stranger.seal("endpoint-a", read)).getString("api_key")).isEqualTo(CANARY);
  }

  @Test
  void afterARotationValuesUnderTheDecryptOnlyKeyAreReadAndNeedResealing() {
    JsonObject underOld = codec.seal("endpoint-a", new JsonObject().put("api_key", CANARY));
    SecretSettingsCodec rotated = new SecretSettingsCodec(new SecretCipher(SecretKeys.fromClusterSecrets(
        bytes("the cluster's next secret, long enough"), List.of(bytes(SECRET)))));

    assertThat(rotated.needsResealing(underOld)).isTrue();
    JsonObject resealed = rotated.seal("endpoint-a", rotated.open("endpoint-a", underOld));
    assertThat(rotated.needsResealing(resealed)).isFalse();
    assertThat(rotated.open("endpoint-a", resealed).getString("api_key")).isEqualTo(CANARY);
    assertThat(codec.needsResealing(resealed)).as("a key it does not hold is not its to change").isFalse();
  }

  @Test
  void aChangedCiphertextStaysSealed() {
    JsonObject stored = codec.seal("endpoint-a", new JsonObject().put("api_key", CANARY));
    JsonObject fields = stored.getJsonObject("api_key").getJsonObject("encrypted");
    fields.put("data", "AAAA" + fields.getString("data").substring(4));

    assertThat(codec.open("endpoint-a", stored).encode()).doesNotContain(CANARY);
  }

  private static SecretSettingsCodec codec(String secret) {
    return new SecretSettingsCodec(new SecretCipher(SecretKeys.fromClusterSecret(bytes(secret))));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
