package io.infergate.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a node's HTTP port, whose connections a test can cut and
 * whose new connections it can refuse for a while: a client that loses its network (a laptop on a
 * train), while the node itself stays up. Runs on a Vert.x instance of its own.
 */
public final class CuttableProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final NetServer server;
  private volatile boolean refusing;

  private CuttableProxy(int targetPort) {
    NetClient client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(inbound -> {
      if (refusing) {
        inbound.close();
        return;
      }
      inbound.pause();
      open.add(inbound);
      inbound.closeHandler(closed -> open.remove(inbound));
      client.connect(targetPort, "127.0.0.1").onComplete(connected -> {
        if (connected.failed()) {
          inbound.close();
          return;
        }
        NetSocket outbound = connected.result();
        open.add(outbound);
        outbound.closeHandler(closed -> {
          open.remove(outbound);
          inbound.close();
        });
        inbound.closeHandler(closed -> {
          open.remove(inbound);
          outbound.close();
        });
        inbound.pipeTo(outbound);
        outbound.pipeTo(inbound);
      });
    });
    TestCluster.await(server.listen(0, "127.0.0.1"));
  }

  public static CuttableProxy to(int targetPort) {
    return new CuttableProxy(targetPort);
  }

  public int port() {
    return server.actualPort();
  }

  /** Closes every open connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    refusing = true;
    open.forEach(NetSocket::close);
  }

  public void restore() {
    refusing = false;
  }

  @Override
  public void close() {
    cut();
    TestCluster.await(vertx.close());
  }
}
