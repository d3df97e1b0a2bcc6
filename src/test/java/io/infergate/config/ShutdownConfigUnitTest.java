package io.infergate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code shutdown.timeout} and {@code shutdown.drain_delay}: shipped defaults, overrides, bad values refused. */
class ShutdownConfigUnitTest {

  private static final Path SHIPPED = Path.of("conf/infergate.json");

  @Test
  void theShippedConfigurationWaitsThirtySecondsWithNoDrainDelay() {
    NodeConfig config = NodeConfig.load(SHIPPED, Map.of());
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.shutdownDrainDelay()).isZero();
    // A file without the section (an older one) gets the same.
    assertThat(NodeConfig.of(new JsonObject()).shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(NodeConfig.of(new JsonObject()).shutdownDrainDelay()).isZero();
  }

  @Test
  void theEnvironmentOverridesBothInElasticsearchTimeUnits() {
    NodeConfig config = NodeConfig.load(SHIPPED, Map.of("INFERGATE_SHUTDOWN_TIMEOUT", "2m",
        "INFERGATE_SHUTDOWN_DRAIN_DELAY", "1500ms"));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.shutdownDrainDelay()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aValueWithoutAUnitIsRefusedNamingTheSetting() {
    NodeConfig config = NodeConfig.load(SHIPPED, Map.of("INFERGATE_SHUTDOWN_TIMEOUT", "30"));
    assertThatThrownBy(config::shutdownTimeout).hasMessage(
        "failed to parse setting [shutdown.timeout] with value [30] as a time value: unit is missing or unrecognized");
  }
}
