package io.infergate.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.InfergateNode;
import io.infergate.config.NodeConfig;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node and its keystore: created at the first start, the same cluster secret at the next. */
class NodeStartKeystoreTest {

  @TempDir
  Path dir;

  @Test
  void aNodeStartedWithoutAKeystoreCreatesOneAndReusesItWhenRestarted() {
    TestCluster cluster = TestCluster.create(1, dir, 1, new JsonObject().put("type", "memory"));
    Path keystore = dir.resolve("node-own/infergate.keystore");
    JsonObject settings = cluster.nodeSettings(0).put("keystore", new JsonObject().put("path", keystore.toString()));
    assertThat(keystore).doesNotExist();

    String first = fingerprintOfANodeStartedWith(settings);

    assertThat(keystore).exists();
    assertThat(new KeystoreFile(keystore).load(new char[0]).names()).containsExactly(Keystore.CLUSTER_SECRET);
    assertThat(first).isEqualTo(Fingerprint.of(new KeystoreFile(keystore).load(new char[0])
        .get(Keystore.CLUSTER_SECRET).orElseThrow()));
    assertThat(fingerprintOfANodeStartedWith(settings)).isEqualTo(first);
  }

  private static String fingerprintOfANodeStartedWith(JsonObject settings) {
    InfergateNode node = TestCluster.await(InfergateNode.start(NodeConfig.of(settings)));
    try {
      assertThat(node.secrets().clusterSecret()).hasSize(32);
      return node.secrets().clusterSecretFingerprint();
    } finally {
      TestCluster.await(node.close());
    }
  }
}
