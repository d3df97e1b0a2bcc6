package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ApiKeySecretsUnitTest {

  @Test
  void aNewKeyHasElasticsearchsShapesAndOnlyItsSecretVerifies() {
    ApiKeySecrets.NewKey key = ApiKeySecrets.create();

    assertThat(key.id()).hasSize(20).matches("[A-Za-z0-9_-]+");
    assertThat(key.secret()).hasSize(22).matches("[A-Za-z0-9_-]+");
    assertThat(new String(Base64.getDecoder().decode(key.encoded()), StandardCharsets.UTF_8))
        .isEqualTo(key.id() + ":" + key.secret());
    assertThat(key.hash()).startsWith("{SSHA256}").doesNotContain(key.secret());
    assertThat(key.toString()).doesNotContain(key.secret());

    assertThat(ApiKeySecrets.verify(key.secret(), key.hash())).isTrue();
    assertThat(ApiKeySecrets.verify(key.secret() + "x", key.hash())).isFalse();
    assertThat(ApiKeySecrets.verify(ApiKeySecrets.create().secret(), key.hash())).isFalse();
  }

  @Test
  void hashesAreSaltedAndMalformedOnesVerifyNothing() {
    String secret = ApiKeySecrets.create().secret();
    String first = ApiKeySecrets.hash(secret);
    String second = ApiKeySecrets.hash(secret);

    assertThat(first).isNotEqualTo(second);
    assertThat(ApiKeySecrets.verify(secret, first)).isTrue();
    assertThat(ApiKeySecrets.verify(secret, second)).isTrue();
    for (String malformed : new String[] {null, "", "{SSHA256}", "{SSHA256}no-dollar", "{SSHA256}!!$!!",
        "$2a$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01"}) {
      assertThat(ApiKeySecrets.verify(secret, malformed)).as(String.valueOf(malformed)).isFalse();
    }
  }
}
