package io.infergate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code event_loops}: 0 (Vert.x's default) unless set, a negative count refused. */
class EventLoopsConfigUnitTest {

  private static final Path SHIPPED = Path.of("conf/infergate.json");

  @Test
  void aNodeRunsVertxsDefaultUnlessTold() {
    assertThat(NodeConfig.load(SHIPPED, Map.of()).eventLoops()).isZero();
    assertThat(NodeConfig.of(new JsonObject()).eventLoops()).as("a file without the key").isZero();
  }

  @Test
  void theEnvironmentOverridesIt() {
    assertThat(NodeConfig.load(SHIPPED, Map.of("INFERGATE_EVENT_LOOPS", "1")).eventLoops()).isEqualTo(1);
    assertThat(NodeConfig.load(SHIPPED, Map.of("INFERGATE_EVENT_LOOPS", "4")).eventLoops()).isEqualTo(4);
  }

  @Test
  void aNegativeCountIsRefusedNamingTheSetting() {
    NodeConfig config = NodeConfig.of(new JsonObject().put("event_loops", -1));
    assertThatThrownBy(config::eventLoops)
        .hasMessage("event_loops must be 0 (Vert.x's default) or more, not [-1]");
  }
}
