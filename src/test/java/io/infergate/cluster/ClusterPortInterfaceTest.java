package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.infergate.testing.TestCluster;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 item 6: the cluster port listens on {@code cluster.host} only, not on every interface. */
class ClusterPortInterfaceTest {

  @TempDir
  Path dir;

  @Test
  void aNodeOnLoopbackCannotBeReachedOnTheMachinesOtherAddresses() throws Exception {
    Optional<InetAddress> other = nonLoopbackAddress();
    Assumptions.assumeTrue(other.isPresent(), "this machine has no address but loopback");
    try (TestCluster cluster = TestCluster.start(1, dir)) {
      int port = Integer.parseInt(cluster.members().get(0).split(":")[1]);
      assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("on 127.0.0.1").isNull();

      assertThat(connects(other.get(), port)).as("on " + other.get()).isInstanceOf(ConnectException.class);
    }
  }

  private static Throwable connects(InetAddress address, int port) {
    return catchThrowable(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), 2_000);
      }
    });
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces().filter(ClusterPortInterfaceTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
  }

  private static boolean isUp(NetworkInterface networkInterface) {
    try {
      return networkInterface.isUp() && !networkInterface.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
