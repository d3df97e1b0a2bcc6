package io.infergate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.tls.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped configuration keeps TLS off; every {@code http.ssl} key can be set from the environment. */
class HttpTlsConfigTest {

  @Test
  void tlsIsOffInTheShippedConfiguration() {
    assertThat(NodeConfig.load(Path.of("conf/infergate.json"), Map.of()).httpTls().enabled()).isFalse();
  }

  @Test
  void theEnvironmentTurnsItOnWithAKeystoreAndItsPassword() {
    TlsSettings tls = NodeConfig.load(Path.of("conf/infergate.json"), Map.of(
        "INFERGATE_HTTP_SSL_ENABLED", "true",
        "INFERGATE_HTTP_SSL_KEYSTORE_PATH", "conf/certs/node-1.p12",
        "INFERGATE_HTTP_SSL_KEYSTORE_PASSWORD", "from-the-environment",
        "INFERGATE_HTTP_SSL_CERTIFICATE_AUTHORITIES", "conf/certs/ca/ca.crt",
        "INFERGATE_HTTP_SSL_CLIENT_AUTHENTICATION", "optional")).httpTls();
    assertThat(tls.enabled()).isTrue();
    assertThat(tls.keystorePath()).isEqualTo("conf/certs/node-1.p12");
    assertThat(tls.keystorePassword()).isEqualTo("from-the-environment");
    assertThat(tls.certificateAuthorities()).containsExactly("conf/certs/ca/ca.crt");
    assertThat(tls.clientAuthentication()).isEqualTo(TlsSettings.ClientAuthentication.OPTIONAL);
  }
}
