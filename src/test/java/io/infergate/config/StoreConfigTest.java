package io.infergate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's durability settings: defaults, environment overrides, and clear refusals of bad values. */
class StoreConfigTest {

  @Test
  void theShippedConfigurationSyncsEveryWriteAndCheckpointsEverySecond() {
    NodeConfig config = NodeConfig.load(Path.of("conf/infergate.json"), Map.of());
    assertThat(config.storeDurability()).isEqualTo("request");
    assertThat(config.storeSyncInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void theEnvironmentChoosesAsyncDurability() {
    NodeConfig config = NodeConfig.load(Path.of("conf/infergate.json"),
        Map.of("INFERGATE_STORE_DURABILITY", "async", "INFERGATE_STORE_SYNC_INTERVAL_MS", "200"));
    assertThat(config.storeDurability()).isEqualTo("async");
    assertThat(config.storeSyncInterval()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void refusesAnUnknownDurabilityOrAnIntervalThatIsNotPositive() {
    assertThatThrownBy(() -> store(new JsonObject().put("durability", "eventually")).storeDurability())
        .hasMessage("store.durability must be request or async, not [eventually]");
    assertThatThrownBy(() -> store(new JsonObject().put("sync_interval_ms", 0)).storeSyncInterval())
        .hasMessage("store.sync_interval_ms must be positive, not [0]");
  }

  @Test
  void theStorePasswordInTheEnvironmentSeedsTheKeystoreInsteadOfOverridingTheFile() {
    NodeConfig config = NodeConfig.load(Path.of("conf/infergate.json"),
        Map.of("INFERGATE_STORE_PASSWORD", "pg-secret", "INFERGATE_KEYSTORE_PATH", "/etc/infergate/node.keystore"));
    assertThat(config.storePasswordSeed()).contains("pg-secret");
    assertThat(config.configuredStorePassword()).isEmpty();
    assertThat(config.keystorePath()).isEqualTo(Path.of("/etc/infergate/node.keystore"));
    assertThat(NodeConfig.load(Path.of("conf/infergate.json"), Map.of()).keystorePath())
        .isEqualTo(Path.of("conf/infergate.keystore"));
    assertThat(store(new JsonObject().put("password", "legacy")).configuredStorePassword()).contains("legacy");
  }

  private static NodeConfig store(JsonObject store) {
    return NodeConfig.of(new JsonObject().put("store", store));
  }
}
