package io.infergate.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free on 127.0.0.1 for nodes to listen on, so that parallel runs do not collide. They are
 * taken below the kernel's ephemeral range: a port from inside it can be handed to an outgoing
 * connection (a member dialling a peer that has not bound yet) and that socket then connects to
 * itself, which once failed a cluster test. No port is handed out twice in one JVM.
 */
public final class Ports {

  private static final int LOWEST = 10_000;
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private Ports() {
  }

  public static int free() {
    int highest = ephemeralRangeStart();
    for (int attempt = 0; attempt < 10_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, highest);
      if (!GIVEN.contains(port) && isFree(port) && GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + LOWEST + " and " + highest);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port of Linux's ephemeral range (32768 unless configured otherwise), or 32768 elsewhere. */
  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > LOWEST + 1_000 ? start : 32_768;
    } catch (IOException | RuntimeException unknown) {
      return 32_768;
    }
  }
}
