package io.infergate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.InfergateNode;
import io.infergate.testing.Ports;
import io.infergate.testing.TestCluster;
import io.infergate.tls.TlsSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped configuration keeps TLS off everywhere; every {@code *.ssl} key can be set from the environment. */
class TlsConfigTest {

  @Test
  void tlsIsOffInTheShippedConfiguration() {
    NodeConfig config = NodeConfig.load(Path.of("conf/infergate.json"), Map.of());
    assertThat(config.httpTls().enabled()).isFalse();
    assertThat(config.eventsBridgeTls().enabled()).isFalse();
    assertThat(config.clusterTls().enabled()).isFalse();
  }

  @Test
  void theEventBusIsMutualTlsAndNeedsTheClustersCa() {
    JsonObject pem = new JsonObject().put("enabled", true).put("certificate", "n.crt").put("key", "n.key");
    assertThatThrownBy(() -> NodeConfig.of(new JsonObject().put("cluster", new JsonObject().put("ssl", pem)))
        .clusterTls()).hasMessageContaining("cluster.ssl.certificate_authorities");
    TlsSettings tls = NodeConfig.of(new JsonObject().put("cluster", new JsonObject()
        .put("ssl", pem.copy().put("certificate_authorities", new JsonArray().add("ca.crt"))))).clusterTls();
    assertThat(tls.clientAuthentication()).isEqualTo(TlsSettings.ClientAuthentication.REQUIRED);
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

  @Test
  void aTlsFileThatCannotBeReadStopsTheNodeBeforeItJoinsNamingTheSetting(@TempDir Path dir) {
    JsonObject settings = NodeConfig.load(Path.of("conf/infergate.json"), Map.of()).toJson();
    settings.getJsonObject("http").put("port", 0).getJsonObject("ssl").put("enabled", true)
        .put("certificate", dir.resolve("missing.crt").toString()).put("key", dir.resolve("missing.key").toString());
    settings.getJsonObject("events").put("bridge_port", -1);
    settings.getJsonObject("cluster").put("port", Ports.free());
    assertThatThrownBy(() -> TestCluster.await(InfergateNode.start(NodeConfig.of(settings))))
        .rootCause().hasMessageContaining("http.ssl.certificate: cannot read [" + dir.resolve("missing.crt"));
  }
}
