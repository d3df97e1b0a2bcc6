package io.infergate.metrics;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Drops Micrometer's warning that a gauge "has been already registered" when the gauge is one of
 * Vert.x's. vertx-micrometer registers its gauges again each time it uses them, by design, and keeps
 * their values itself (vert-x3/vertx-micrometer-metrics#259, micrometer-metrics/micrometer#6931), so
 * the warning every node printed at start ({@code vertx.eventbus.handlers}) reported nothing wrong.
 * A re-registered gauge of any other name still warns.
 */
final class VertxGaugeWarnings implements Filter {

  static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  private static final String VERTX_GAUGE_WARNING = "This Gauge has been already registered (MeterId{name='vertx.";

  /** Held here: java.util.logging keeps loggers weakly, and a collected logger would lose the filter. */
  private static final Logger MICROMETER = Logger.getLogger(LOGGER);

  private VertxGaugeWarnings() {
  }

  /** Installs the filter on Micrometer's registry logger, once per JVM. */
  static synchronized void install() {
    if (!(MICROMETER.getFilter() instanceof VertxGaugeWarnings)) {
      MICROMETER.setFilter(new VertxGaugeWarnings());
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    String message = record.getMessage();
    return message == null || !message.startsWith(VERTX_GAUGE_WARNING);
  }
}
