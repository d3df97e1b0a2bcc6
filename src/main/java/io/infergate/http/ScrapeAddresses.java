package io.infergate.http;

import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * {@code metrics.scrape_addresses}: the remote addresses that may read {@code /_prometheus/metrics}
 * without credentials. Exact IP literals only (no names, no ranges), compared by their bytes, so
 * {@code ::1} and {@code 0:0:0:0:0:0:0:1} are one address. Only the socket's remote address counts:
 * a forwarding header is never read.
 */
public final class ScrapeAddresses {

  private final List<byte[]> addresses;

  private ScrapeAddresses(List<byte[]> addresses) {
    this.addresses = addresses;
  }

  public static ScrapeAddresses none() {
    return new ScrapeAddresses(List.of());
  }

  /** The setting's values; anything but an IP literal fails the boot, naming the setting. */
  public static ScrapeAddresses of(List<String> values) {
    return new ScrapeAddresses(values.stream().map(ScrapeAddresses::parse).toList());
  }

  private static byte[] parse(String value) {
    String literal = value.trim();
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
    if (bytes == null || literal.isEmpty()) {
      throw new IllegalArgumentException("metrics.scrape_addresses: [" + value
          + "] is not an IP address (exact addresses only: no host names, ranges or masks)");
    }
    return bytes;
  }

  boolean isEmpty() {
    return addresses.isEmpty();
  }

  /** Whether the connection's remote end is one of the addresses. */
  boolean allows(SocketAddress remote) {
    if (addresses.isEmpty() || remote == null || remote.hostAddress() == null) {
      return false;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(remote.hostAddress());
    return bytes != null && addresses.stream().anyMatch(allowed -> Arrays.equals(allowed, bytes));
  }
}
