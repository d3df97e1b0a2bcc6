package io.infergate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TlsSettingsUnitTest {

  @Test
  void offUnlessEnabled() {
    assertThat(TlsSettings.fromJson("http.ssl", null).enabled()).isFalse();
    assertThat(TlsSettings.fromJson("http.ssl", new JsonObject().put("certificate", "a.crt")).enabled()).isFalse();
  }

  @Test
  void pemOrKeystoreButNotBothNorNeither() {
    JsonObject on = new JsonObject().put("enabled", true);
    assertThatThrownBy(() -> TlsSettings.fromJson("http.ssl", on)).hasMessageContaining("http.ssl.keystore.path");
    assertThatThrownBy(() -> TlsSettings.fromJson("http.ssl", on.copy().put("certificate", "a.crt")))
        .hasMessageContaining("http.ssl.key go together");
    assertThatThrownBy(() -> TlsSettings.fromJson("http.ssl", on.copy().put("certificate", "a.crt").put("key", "a.key")
        .put("keystore", new JsonObject().put("path", "a.p12")))).hasMessageContaining("not both");
  }

  @Test
  void clientAuthenticationNeedsAuthoritiesAndAKnownMode() {
    JsonObject pem = new JsonObject().put("enabled", true).put("certificate", "a.crt").put("key", "a.key");
    assertThatThrownBy(() -> TlsSettings.fromJson("http.ssl", pem.copy().put("client_authentication", "required")))
        .hasMessageContaining("http.ssl.certificate_authorities");
    assertThatThrownBy(() -> TlsSettings.fromJson("http.ssl", pem.copy().put("client_authentication", "maybe")))
        .hasMessageContaining("none, optional or required");
    TlsSettings optional = TlsSettings.fromJson("http.ssl", pem.copy().put("client_authentication", "optional")
        .put("certificate_authorities", new JsonArray().add("ca.crt")));
    assertThat(TlsOptions.clientAuth(optional)).isEqualTo(ClientAuth.REQUEST);
    assertThat(TlsSettings.fromJson("http.ssl", pem.copy().put("certificate_authorities", "a.crt, b.crt"))
        .certificateAuthorities()).containsExactly("a.crt", "b.crt");
  }

  @Test
  void theKeystorePasswordIsNeverPrinted() {
    TlsSettings settings = TlsSettings.fromJson("http.ssl", new JsonObject().put("enabled", true)
        .put("keystore", new JsonObject().put("path", "a.p12").put("password", "s3cr3t-pw")));
    assertThat(settings.toString()).doesNotContain("s3cr3t-pw");
  }
}
