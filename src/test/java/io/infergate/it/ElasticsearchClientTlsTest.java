package io.infergate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.inference.InferenceEndpointInfo;
import co.elastic.clients.elasticsearch.inference.TaskType;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.infergate.testing.TestCertificates;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.infergate.tls.CertUtilTool;

/**
 * The official Java client over HTTPS, trusting the node by the CA fingerprint that
 * {@code scripts/certutil} prints, as Elasticsearch's own docs connect to a node with security on.
 */
class ElasticsearchClientTlsTest {

  private static final Pattern FINGERPRINT = Pattern.compile("CA SHA-256 fingerprint: ([0-9a-f]{64})");

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static String fingerprint;

  @BeforeAll
  static void start() {
    Path certs = conf.resolve("certs");
    String caOutput = certutil("ca", "--out", certs.resolve("ca").toString());
    certutil("cert", "--ca", certs.resolve("ca").toString(), "--name", "node-1", "--dns", "localhost",
        "--ip", "127.0.0.1", "--out", certs.toString());
    Matcher printed = FINGERPRINT.matcher(caOutput);
    assertThat(printed.find()).as(caOutput).isTrue();
    fingerprint = printed.group(1);
    JsonObject ssl = new JsonObject().put("enabled", true)
        .put("certificate", certs.resolve("node-1.crt").toString()).put("key", certs.resolve("node-1.key").toString());
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .httpSettings(new JsonObject().put("ssl", ssl));
    cluster.startNode(0);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void listsInferenceEndpointsOverHttpsTrustingTheCaFingerprint() throws IOException {
    try (Rest5ClientTransport transport = transport(TransportUtils.sslContextFromCaFingerprint(fingerprint))) {
      ElasticsearchClient client = new ElasticsearchClient(transport);
      client.inference().put(p -> p.taskType(TaskType.SparseEmbedding).inferenceId("tls-listed")
          .inferenceConfig(c -> c.service("hugging_face").serviceSettings(
              JsonData.of(Map.of("api_key", "hf-tls-secret", "url", "https://hf.example/models/elser")))));
      assertThat(client.inference().get().endpoints()).extracting(InferenceEndpointInfo::inferenceId)
          .contains("tls-listed");
    }
  }

  @Test
  void anotherFingerprintIsRefused() throws IOException {
    String other = "00".repeat(32);
    try (Rest5ClientTransport transport = transport(TransportUtils.sslContextFromCaFingerprint(other))) {
      ElasticsearchClient client = new ElasticsearchClient(transport);
      assertThatThrownBy(() -> client.inference().get()).isInstanceOf(IOException.class);
    }
  }

  private static Rest5ClientTransport transport(SSLContext tls) {
    String credentials = Base64.getEncoder().encodeToString(
        (TestUsers.ELASTIC + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
    Rest5Client rest = Rest5Client.builder(URI.create("https://127.0.0.1:" + cluster.node(0).httpPort()))
        .setSSLContext(tls)
        .setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + credentials)})
        .build();
    return new Rest5ClientTransport(rest, new JacksonJsonpMapper());
  }

  private static String certutil(String... args) {
    StringWriter out = new StringWriter();
    int exit = CertUtilTool.run(new PrintWriter(out, true), new PrintWriter(out, true), args);
    assertThat(exit).as(out.toString()).isZero();
    return out.toString();
  }
}
