package io.infergate.events;

import io.netty.channel.Channel;
import io.vertx.core.Handler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One bridge connection's bytes and the limits on what it may hold. A frame declared above
 * {@link BridgeSettings#maxFrameBytes()} closes it from its length alone. It is closed when it has
 * not authenticated within {@link BridgeSettings#authTimeout()}, and when no frame has come from the
 * client or been written to it within {@link BridgeSettings#idleTimeout()}: "idle" counts whole
 * frames both ways, so a subscriber that pings or receives events stays, while a client trickling
 * a frame byte by byte does not. Reading stops while a frame waits for a decision and while the
 * client leaves its replies unread, so a client that only writes cannot make the node buffer
 * without bound; a subscriber that leaves its events unread is cut off ({@link #deliver}).
 * Confined to the connection's context.
 */
final class BridgeConnection {

  private static final Logger LOG = Logger.getLogger(EventBridge.class.getName());
  /** Bytes written to a client and not yet taken by its socket, beyond which a subscriber is cut off. */
  static final int MAX_UNREAD_EVENT_BYTES = 1 << 20;
  /** The last frame a connection gets when the node shuts down: subscribe again to another node. */
  static final String NODE_SHUTTING_DOWN = "node_shutting_down";

  private final Vertx vertx;
  private final NetSocket socket;
  private final BridgeSettings settings;
  private FrameDecoder decoder;
  private long lastActivity = System.nanoTime();
  private long authTimer;
  private long idleTimer;
  private boolean authenticated;
  private boolean held;
  private boolean paused;
  private boolean closed;

  BridgeConnection(Vertx vertx, NetSocket socket, BridgeSettings settings) {
    this.vertx = vertx;
    this.socket = socket;
    this.settings = settings;
  }

  /** Starts reading: each whole frame goes to {@code frames}; {@code onClose} runs once when the connection is gone. */
  void start(Handler<Buffer> frames, Runnable onClose) {
    decoder = new FrameDecoder(settings.maxFrameBytes(), frame -> {
      lastActivity = System.nanoTime();
      frames.handle(frame);
    }, declared -> close("a frame of " + declared + " bytes, above the " + settings.maxFrameBytes() + " allowed"));
    socket.setWriteQueueMaxSize(MAX_UNREAD_EVENT_BYTES);
    socket.handler(decoder);
    socket.drainHandler(drained -> flow());
    socket.exceptionHandler(failure -> close("it failed: " + failure));
    // The bridge is shutting down (EventBridge.shutdown): say so, then end the connection once that
    // is written; one whose client does not read is closed at the shutdown's deadline.
    socket.shutdownHandler(shutdown -> {
      if (!closed) {
        write(BridgeFrames.err(NODE_SHUTTING_DOWN));
        socket.end();
      }
    });
    socket.closeHandler(gone -> {
      closed = true;
      decoder.stop();
      vertx.cancelTimer(authTimer);
      vertx.cancelTimer(idleTimer);
      onClose.run();
    });
    authTimer = vertx.setTimer(settings.authTimeout().toMillis(), fired -> {
      if (!authenticated) {
        close("not authenticated within " + settings.authTimeout().toMillis() + " ms");
      }
    });
    watchIdle(settings.idleTimeout().toMillis());
  }

  /**
   * Sends an event. A subscriber that leaves more than {@link #MAX_UNREAD_EVENT_BYTES} of events
   * unread is cut off rather than buffered for; it resumes from the last sequence it saw.
   */
  Future<Void> deliver(JsonObject event) {
    if (!closed && socket.writeQueueFull()) {
      close("more than " + MAX_UNREAD_EVENT_BYTES + " bytes of events left unread");
    }
    return write(event);
  }

  /** Completes once the frame went out to the socket; fails when the connection is closed. */
  Future<Void> write(JsonObject frame) {
    if (closed) {
      return Future.failedFuture("closed");
    }
    Future<Void> written = socket.write(BridgeFrames.encode(frame)).onSuccess(done -> lastActivity = System.nanoTime());
    flow();
    return written;
  }

  /** The client registered with valid credentials: the authentication deadline no longer applies. */
  void authenticated() {
    authenticated = true;
    vertx.cancelTimer(authTimer);
  }

  /** While held, no further frame is handed out and nothing more is read from the client. */
  void hold(boolean hold) {
    held = hold;
    flow();
  }

  boolean isClosed() {
    return closed;
  }

  String remote() {
    return String.valueOf(socket.remoteAddress());
  }

  SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  /** Closes the connection and logs why: at INFO for an authenticated client, at FINE for anyone else. */
  void close(String why) {
    if (closed) {
      return;
    }
    closed = true;
    decoder.stop();
    LOG.log(authenticated ? Level.INFO : Level.FINE, () -> "event bridge closed the connection from [" + remote()
        + "]: " + why);
    // Vert.x's close (its handler also intercepts a channel close) waits until every queued write
    // is flushed, which never happens for a client that stopped reading: the transport is closed
    // below the pipeline, dropping what the client did not take.
    if (socket instanceof ConnectionBase connection) {
      Channel channel = connection.channel();
      channel.unsafe().close(channel.voidPromise());
    } else {
      socket.close();
    }
  }

  private void flow() {
    boolean pause = held || socket.writeQueueFull();
    if (pause == paused || closed) {
      return;
    }
    paused = pause;
    if (pause) {
      decoder.pause();
      socket.pause();
    } else {
      socket.resume();
      decoder.resume();
    }
  }

  private void watchIdle(long delayMs) {
    idleTimer = vertx.setTimer(delayMs, fired -> {
      long timeoutMs = settings.idleTimeout().toMillis();
      long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
      if (idleMs >= timeoutMs) {
        close("no frame either way within " + timeoutMs + " ms");
      } else {
        watchIdle(timeoutMs - idleMs);
      }
    });
  }
}
