package io.infergate.security;

import io.netty.util.NetUtil;
import java.util.HexFormat;

/** A client's address as the login throttle counts it. */
final class ClientAddress {

  private static final int IPV6_NETWORK_BYTES = 8;

  private ClientAddress() {
  }

  /**
   * The address itself for IPv4; for IPv6 its /64 network, since one host commonly holds a whole
   * /64 and could otherwise step to a fresh address per guess. Anything that is no IP literal
   * (a Unix socket path, a missing address) counts as it is written.
   */
  static String throttleKey(String address) {
    byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null || bytes.length != 16 || isIpv4Mapped(bytes)) {
      return String.valueOf(address);
    }
    return HexFormat.of().formatHex(bytes, 0, IPV6_NETWORK_BYTES) + "::/64";
  }

  private static boolean isIpv4Mapped(byte[] ipv6) {
    for (int i = 0; i < 10; i++) {
      if (ipv6[i] != 0) {
        return false;
      }
    }
    return ipv6[10] == (byte) 0xff && ipv6[11] == (byte) 0xff;
  }
}
