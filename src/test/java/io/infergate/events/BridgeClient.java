package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.infergate.bus.Addresses;
import io.infergate.testing.Conditions;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bridge client over a plain socket: writes frames (4-byte big-endian length, UTF-8 JSON), and a
 * reader thread queues what arrives. Probe messages are only counted. Every wait is bounded.
 */
final class BridgeClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final JsonObject PING = new JsonObject().put("type", "ping");
  private static final String PROBE = "bridge-test-probe";
  private static final Frame END = new Frame(new JsonObject().put("type", "end of stream"), "");

  private final Socket socket;
  private final DataOutputStream out;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final AtomicInteger probes = new AtomicInteger();
  private final long connectedAt;
  private volatile long endedAt;
  private volatile boolean ended;

  private BridgeClient(Socket socket, long connectedAt) throws IOException {
    this.socket = socket;
    this.connectedAt = connectedAt;
    this.out = new DataOutputStream(socket.getOutputStream());
    DataInputStream in = new DataInputStream(socket.getInputStream());
    Thread reader = new Thread(() -> read(in), "bridge-client-" + socket.getLocalPort());
    reader.setDaemon(true);
    reader.start();
  }

  static BridgeClient connect(int port) {
    return connect(port, "127.0.0.1");
  }

  /** A connection from {@code localAddress}, a loopback address of the client's choosing. */
  static BridgeClient connect(int port, String localAddress) {
    try {
      long connecting = System.nanoTime();
      Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port,
          java.net.InetAddress.getByName(localAddress), 0);
      socket.setTcpNoDelay(true);
      return new BridgeClient(socket, connecting);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client over a socket already connected (a TLS one, say). */
  static BridgeClient over(Socket socket) {
    try {
      return new BridgeClient(socket, System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client registered on the events as {@code user}, whose subscription events already reach. */
  static BridgeClient subscribed(int port, Vertx node, String user) {
    return subscribed(connect(port), node, user);
  }

  /** {@code client} registered on the events as {@code user}, once its subscription events already reach. */
  static BridgeClient subscribed(BridgeClient client, Vertx node, String user) {
    assertThat(client.sendThenPing(register(Addresses.EVENTS, basic(user, TestUsers.PASSWORD))))
        .as("frames before the pong of a registration").isEmpty();
    client.awaitSubscribed(node);
    return client;
  }

  static JsonObject register(String address, String authorization) {
    return new JsonObject().put("type", "register").put("address", address)
        .put("headers", new JsonObject().put("authorization", authorization));
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A probe on the node's event bus, signed as a gateway signs events: subscribers receive it, and only count it. */
  static void publishProbe(Vertx node) {
    JsonObject probe = new JsonObject().put("type", PROBE);
    node.eventBus().publish(Addresses.EVENTS, probe, TestSecrets.eventIntegrity().publishing(Addresses.EVENTS, probe));
  }

  /**
   * Publishes probes on the node's event bus until one reaches this client: its consumer is then
   * known to the clustered event bus, and later events reach it too.
   */
  void awaitSubscribed(Vertx node) {
    int before = probesSeen();
    Conditions.await(WAIT, "a probe reaches the bridge client", () -> {
      publishProbe(node);
      return probesSeen() > before;
    });
  }

  private void read(DataInputStream in) {
    try {
      while (true) {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        String text = new String(payload, StandardCharsets.UTF_8);
        Frame frame = new Frame(new JsonObject(text), text);
        if ("message".equals(frame.type()) && frame.json().getValue("body") instanceof JsonObject body
            && PROBE.equals(body.getString("type"))) {
          probes.incrementAndGet();
        } else {
          frames.add(frame);
        }
      }
    } catch (EOFException | java.net.SocketException ended) {
      // the connection was closed
    } catch (IOException | RuntimeException e) {
      frames.add(new Frame(new JsonObject().put("type", "client failure").put("message", e.toString()), ""));
    } finally {
      endedAt = System.nanoTime();
      ended = true;
      frames.add(END);
    }
  }

  void send(JsonObject frame) {
    write(frame);
  }

  void write(JsonObject... frames) {
    List<String> texts = new ArrayList<>();
    for (JsonObject frame : frames) {
      texts.add(frame.encode());
    }
    writeText(texts.toArray(String[]::new));
  }

  /** Frames of any text, such as JSON that names a key twice (which a JsonObject cannot hold). */
  void writeText(String... texts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    try {
      for (String text : texts) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        data.writeInt(payload.length);
        data.write(payload);
      }
      out.write(bytes.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the frame and a ping in one write, so that the bridge reads both at once, and returns
   * every frame that arrived before the pong.
   */
  List<Frame> sendThenPing(JsonObject frame) {
    write(frame, PING);
    return framesUntilPong();
  }

  /** The next frame other than a probe; fails when none arrives in time. */
  Frame next() {
    try {
      Frame frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        fail("no frame within " + WAIT);
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Skips other events until the event of that type and id; fails on anything that is not a message. */
  Frame nextEvent(String type, String inferenceId) {
    while (true) {
      Frame frame = next();
      assertThat(frame.type()).as(frame.text()).isEqualTo("message");
      if (type.equals(frame.body().getString("type")) && inferenceId.equals(frame.body().getString("inference_id"))) {
        return frame;
      }
    }
  }

  /** Sends a ping and returns every frame that arrived before its pong. */
  List<Frame> ping() {
    write(PING);
    return framesUntilPong();
  }

  List<Frame> framesUntilPong() {
    List<Frame> before = new ArrayList<>();
    for (Frame frame = next(); !"pong".equals(frame.type()); frame = next()) {
      assertThat(frame).as("the connection ended before the pong").isNotSameAs(END);
      before.add(frame);
    }
    return before;
  }

  int probesSeen() {
    return probes.get();
  }

  /** True once the server has closed the connection (the reader saw its end). */
  boolean hasEnded() {
    return ended;
  }

  /** How long the connection lasted, from before it was opened to the end of its stream; null while open. */
  Duration lifetime() {
    return ended ? Duration.ofNanos(endedAt - connectedAt) : null;
  }

  /** Waits until the server has closed the connection; returns the frames that came before. */
  List<Frame> framesUntilEnd() {
    List<Frame> before = new ArrayList<>();
    for (Frame frame = next(); frame != END; frame = next()) {
      assertThat(frame.type()).as(frame.text()).isNotEqualTo("client failure");
      before.add(frame);
    }
    return before;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  /** A frame as received: the JSON object and its exact text. */
  record Frame(JsonObject json, String text) {

    String type() {
      return json.getString("type");
    }

    JsonObject body() {
      return json.getJsonObject("body");
    }
  }
}
