package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressUnitTest {

  @Test
  void ipv4IsCountedAsItIs() {
    assertThat(ClientAddress.throttleKey("127.0.0.2")).isEqualTo("127.0.0.2");
    assertThat(ClientAddress.throttleKey("::ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1");
  }

  @Test
  void ipv6IsCountedByItsSlash64() {
    assertThat(ClientAddress.throttleKey("2001:db8:a:b:1:2:3:4"))
        .isEqualTo(ClientAddress.throttleKey("2001:0db8:000a:000b::ffff"))
        .isEqualTo("20010db8000a000b::/64");
  }

  @Test
  void anythingElseIsCountedAsWritten() {
    assertThat(ClientAddress.throttleKey("/var/run/infergate.sock")).isEqualTo("/var/run/infergate.sock");
    assertThat(ClientAddress.throttleKey(null)).isEqualTo("null");
  }
}
