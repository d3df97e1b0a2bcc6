package io.infergate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.events.BridgeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event bridge's limits: shipped defaults, environment overrides, and refusals of values that are not positive. */
class BridgeConfigTest {

  private static final Path SHIPPED = Path.of("conf/infergate.json");

  @Test
  void theShippedConfigurationHasTheDefaultLimits() {
    NodeConfig config = NodeConfig.load(SHIPPED, Map.of());
    assertThat(config.eventsBridgeMaxFrameBytes()).isEqualTo(64 * 1024).isEqualTo(BridgeSettings.DEFAULT_MAX_FRAME_BYTES);
    assertThat(config.eventsBridgeAuthTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.eventsBridgeIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.eventsBridgeMaxConnections()).isEqualTo(1024);
  }

  @Test
  void theEnvironmentOverridesEachLimit() {
    NodeConfig config = NodeConfig.load(SHIPPED, Map.of(
        "INFERGATE_EVENTS_BRIDGE_MAX_FRAME_BYTES", "4096",
        "INFERGATE_EVENTS_BRIDGE_AUTH_TIMEOUT_SECONDS", "3",
        "INFERGATE_EVENTS_BRIDGE_IDLE_TIMEOUT_SECONDS", "30",
        "INFERGATE_EVENTS_BRIDGE_MAX_CONNECTIONS", "16"));
    assertThat(config.eventsBridgeMaxFrameBytes()).isEqualTo(4096);
    assertThat(config.eventsBridgeAuthTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.eventsBridgeIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.eventsBridgeMaxConnections()).isEqualTo(16);
  }

  @Test
  void limitsThatAreNotPositiveAreRefused() {
    assertThatThrownBy(() -> settings(0, 10, 60, 1024))
        .hasMessage("events.bridge_max_frame_bytes must be positive, not [0]");
    assertThatThrownBy(() -> settings(65_536, 0, 60, 1024))
        .hasMessage("events.bridge_auth_timeout_seconds must be positive, not [0]");
    assertThatThrownBy(() -> settings(65_536, 10, -1, 1024))
        .hasMessage("events.bridge_idle_timeout_seconds must be positive, not [-1]");
    assertThatThrownBy(() -> settings(65_536, 10, 60, 0))
        .hasMessage("events.bridge_max_connections must be positive, not [0]");
  }

  private static BridgeSettings settings(int maxFrameBytes, int authSeconds, int idleSeconds, int maxConnections) {
    return new BridgeSettings("127.0.0.1", 9400, maxFrameBytes, Duration.ofSeconds(authSeconds),
        Duration.ofSeconds(idleSeconds), maxConnections);
  }
}
