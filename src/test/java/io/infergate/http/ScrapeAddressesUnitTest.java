package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.config.NodeConfig;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code metrics.scrape_addresses}: exact IP literals, compared by their bytes; anything else refused at start. */
class ScrapeAddressesUnitTest {

  @Test
  void theShippedConfigurationListsNoneAndTheEnvironmentGivesAList() {
    assertThat(NodeConfig.load(Path.of("conf/infergate.json"), Map.of()).metricsScrapeAddresses()).isEmpty();
    NodeConfig overridden = NodeConfig.load(Path.of("conf/infergate.json"),
        Map.of("INFERGATE_METRICS_SCRAPE_ADDRESSES", "10.0.0.5, ::1"));
    assertThat(overridden.metricsScrapeAddresses()).containsExactly("10.0.0.5", "::1");
  }

  @Test
  void anAddressMatchesExactlyInAnyOfItsSpellings() {
    ScrapeAddresses listed = ScrapeAddresses.of(List.of("10.0.0.5", "::1"));
    assertThat(listed.allows(SocketAddress.inetSocketAddress(40000, "10.0.0.5"))).isTrue();
    assertThat(listed.allows(SocketAddress.inetSocketAddress(40000, "0:0:0:0:0:0:0:1"))).isTrue();
    assertThat(listed.allows(SocketAddress.inetSocketAddress(40000, "10.0.0.6"))).isFalse();
    assertThat(listed.allows(SocketAddress.inetSocketAddress(40000, "127.0.0.1"))).isFalse();
    assertThat(listed.allows(null)).isFalse();
    assertThat(ScrapeAddresses.none().allows(SocketAddress.inetSocketAddress(40000, "10.0.0.5"))).isFalse();
  }

  @Test
  void namesRangesAndMasksAreRefused() {
    for (String value : List.of("prometheus.example", "10.0.0.0/8", "10.0.0.*", "", "10.0.0")) {
      assertThatThrownBy(() -> ScrapeAddresses.of(List.of(value))).as(value)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics.scrape_addresses");
    }
  }
}
