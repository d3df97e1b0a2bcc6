package io.infergate;

import io.infergate.config.NodeConfig;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The ports a node listens on (cluster, HTTP, event bridge), each with the setting that moves it.
 * They are checked before the node joins its cluster: one that joined and then could not bind its
 * HTTP port would have the cluster move partitions to it and back for nothing.
 */
final class ListeningPorts {

  /** One port; 0 (any free port) and negative (off) are never in use. */
  record Port(String what, String setting, String host, int port) {

    /** A failure to bind it, as a {@link PortInUseException}; any other failure as it is. */
    <T> Function<Throwable, Future<T>> whenBindFails() {
      return failure -> Future.failedFuture(isBindFailure(failure) ? new PortInUseException(what, port, setting) : failure);
    }
  }

  private ListeningPorts() {
  }

  static Port cluster(NodeConfig config) {
    return new Port("cluster", "cluster.port", config.clusterHost(), config.clusterPort());
  }

  static Port http(NodeConfig config) {
    return new Port("HTTP", "http.port", config.httpHost(), config.httpPort());
  }

  static Port eventBridge(NodeConfig config) {
    return new Port("event bridge", "events.bridge_port", config.eventsBridgeHost(), config.eventsBridgePort());
  }

  /** Throws {@link PortInUseException} for the first fixed port that another process listens on. */
  static void requireFree(NodeConfig config) {
    for (Port port : List.of(cluster(config), http(config), eventBridge(config))) {
      if (port.port() > 0 && !canBind(port)) {
        throw new PortInUseException(port.what(), port.port(), port.setting());
      }
    }
  }

  private static boolean canBind(Port port) {
    try (ServerSocket probe = new ServerSocket()) {
      // As the servers themselves bind: a port held only by connections closing (TIME_WAIT) is free.
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(port.host(), port.port()));
      return true;
    } catch (BindException e) {
      return false;
    } catch (IOException e) {
      return true; // not a conflict (an unknown host, say): the server's own bind reports it
    }
  }

  private static boolean isBindFailure(Throwable failure) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable cause = failure; cause != null && !seen.contains(cause); cause = cause.getCause()) {
      seen.add(cause);
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof BindException || message.contains("Address already in use") || message.contains("is already in use")) {
        return true;
      }
    }
    return false;
  }
}
