package io.infergate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code event_loops}: one unless set, 0 for Vert.x's default, a negative count refused. */
class EventLoopsConfigUnitTest {

  private static final Path SHIPPED = Path.of("conf/infergate.json");

  @Test
  void aNodeRunsOneEventLoopUnlessTold() {
    assertThat(NodeConfig.load(SHIPPED, Map.of()).eventLoops()).isEqualTo(1);
    assertThat(NodeConfig.of(new JsonObject()).eventLoops()).as("a file without the key").isEqualTo(1);
  }

  @Test
  void theEnvironmentOverridesIt() {
    assertThat(NodeConfig.load(SHIPPED, Map.of("INFERGATE_EVENT_LOOPS", "4")).eventLoops()).isEqualTo(4);
    assertThat(NodeConfig.load(SHIPPED, Map.of("INFERGATE_EVENT_LOOPS", "0")).eventLoops()).isZero();
  }

  @Test
  void aNegativeCountIsRefusedNamingTheSetting() {
    NodeConfig config = NodeConfig.of(new JsonObject().put("event_loops", -1));
    assertThatThrownBy(config::eventLoops)
        .hasMessage("event_loops must be 0 (Vert.x's default) or more, not [-1]");
  }
}
