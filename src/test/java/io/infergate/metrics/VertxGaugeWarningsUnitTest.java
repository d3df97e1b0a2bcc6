package io.infergate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class VertxGaugeWarningsUnitTest {

  @Test
  void onlyTheReRegistrationWarningsOfVertxGaugesAreDropped() {
    VertxGaugeWarnings.install();
    Logger micrometer = Logger.getLogger(VertxGaugeWarnings.LOGGER);
    List<String> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getMessage());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    boolean parents = micrometer.getUseParentHandlers();
    micrometer.setUseParentHandlers(false); // captured here, not printed in the test run's log
    micrometer.addHandler(capture);
    try {
      micrometer.warning("This Gauge has been already registered (MeterId{name='vertx.eventbus.handlers', tags=[]}), "
          + "the registration will be ignored. Note that subsequent logs will be logged at debug level.");
      micrometer.warning("This Gauge has been already registered (MeterId{name='infergate.registry.view_revision', "
          + "tags=[]}), the registration will be ignored.");
      micrometer.log(Level.WARNING, "A MeterFilter is being configured after a Meter has been registered");

      assertThat(logged).containsExactly(
          "This Gauge has been already registered (MeterId{name='infergate.registry.view_revision', tags=[]}), "
              + "the registration will be ignored.",
          "A MeterFilter is being configured after a Meter has been registered");
    } finally {
      micrometer.removeHandler(capture);
      micrometer.setUseParentHandlers(parents);
    }
  }
}
