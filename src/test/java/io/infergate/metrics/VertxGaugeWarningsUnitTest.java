package io.infergate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.CapturedLog;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class VertxGaugeWarningsUnitTest {

  @Test
  void onlyTheReRegistrationWarningsOfVertxGaugesAreDropped() {
    VertxGaugeWarnings.install();
    Logger micrometer = Logger.getLogger(VertxGaugeWarnings.LOGGER);
    CapturedLog log = CapturedLog.of(VertxGaugeWarnings.LOGGER, Level.WARNING);
    try {
      micrometer.warning("This Gauge has been already registered (MeterId{name='vertx.eventbus.handlers', tags=[]}), "
          + "the registration will be ignored. Note that subsequent logs will be logged at debug level.");
      micrometer.warning("This Gauge has been already registered (MeterId{name='infergate.registry.view_revision', "
          + "tags=[]}), the registration will be ignored.");
      micrometer.log(Level.WARNING, "A MeterFilter is being configured after a Meter has been registered");

      assertThat(log.lines()).containsExactly(
          "WARNING This Gauge has been already registered (MeterId{name='infergate.registry.view_revision', tags=[]}), "
              + "the registration will be ignored.",
          "WARNING A MeterFilter is being configured after a Meter has been registered");
    } finally {
      log.close();
    }
  }
}
