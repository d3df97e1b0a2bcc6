package io.infergate.events;

import static io.infergate.events.BridgeClient.basic;
import static io.infergate.events.BridgeClient.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.InfergateNode;
import io.infergate.bus.Addresses;
import io.infergate.events.BridgeClient.Frame;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a bridge client can hold before (and after) it authenticates is bounded, measured rather
 * than assumed: a frame declared huge is refused from its length, connections that never
 * authenticate or go silent are closed, connections beyond the cap are closed as they arrive, a
 * client that leaves its replies unread is no longer read, and a frame naming a key twice is
 * refused. After each, a subscriber still authenticates and receives deletions. The node's own
 * bridge takes its limits from {@code events.bridge_*}; the others are started with small limits,
 * so that each is seen in seconds.
 */
class EventBridgeLimitsTest {

  private static final int MAX_FRAME_BYTES = 64 * 1024;
  private static final long MIB = 1024 * 1024;
  /** What the kernel's socket buffers on both sides may take in without the server reading a byte, and more. */
  private static final long SOCKET_BUFFERS = 32 * MIB;
  private static final Duration WAIT = BridgeClient.WAIT;

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static InfergateNode node;
  static HttpApi admin;

  @BeforeAll
  static void start() {
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf)).eventSettings(new JsonObject()
        .put("bridge_host", "127.0.0.1").put("bridge_port", 0).put("bridge_max_frame_bytes", MAX_FRAME_BYTES));
    node = cluster.startNode(0);
    admin = cluster.http(0).as(TestUsers.ADMIN);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aFrameDeclaringTwoGibibytesIsRefusedFromItsLengthWithoutBeingBuffered() throws IOException {
    long attempted = 256 * MIB;
    long heapBefore = usedHeapAfterGc();
    long written = 0;
    long heapGrowth;
    try (Socket socket = new Socket()) {
      socket.setSendBufferSize(64 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", node.eventBridgePort()));
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {(byte) 0x80, 0, 0, 0}); // 2^31 bytes declared
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) ' ');
      try {
        while (written < attempted) {
          out.write(chunk);
          written += chunk.length;
        }
      } catch (IOException refused) {
        // the bridge closed the connection
      }
      // Measured while the connection is still open on this side: a bridge buffering it would hold it now.
      heapGrowth = usedHeapAfterGc() - heapBefore;
      assertThat(closedByServer(socket)).as("the bridge closed the connection").isTrue();
    }
    assertThat(written).as("bytes the client could write before the close, of %d attempted", attempted)
        .isLessThan(SOCKET_BUFFERS);
    assertThat(heapGrowth).as("heap grown while sending %d bytes", written).isLessThan(16 * MIB);
    assertASubscriberStillReceivesDeletions(node.eventBridgePort(), "limits-frame-size");
  }

  @Test
  void aFrameNamingAKeyTwiceIsRefusedWithAnErrorFrameAndSubscribesNothing() {
    String valid = basic(TestUsers.READER, TestUsers.PASSWORD);
    // Read with the last value winning, each of these would be a valid registration.
    List<String> duplicates = List.of(
        "{\"type\":\"register\",\"address\":\"infergate.registry\",\"address\":\"infergate.events\","
            + "\"headers\":{\"authorization\":\"" + valid + "\"}}",
        "{\"type\":\"register\",\"address\":\"infergate.events\",\"headers\":{\"authorization\":\"Basic bm8=\","
            + "\"authorization\":\"" + valid + "\"}}",
        "{\"type\":\"send\",\"type\":\"register\",\"address\":\"infergate.events\","
            + "\"headers\":{\"authorization\":\"" + valid + "\"}}");
    try (BridgeClient client = BridgeClient.connect(node.eventBridgePort())) {
      for (String duplicate : duplicates) {
        client.writeText(duplicate, BridgeClient.PING.encode());
        assertThat(client.framesUntilPong()).as(duplicate).singleElement().satisfies(frame -> {
          assertThat(frame.type()).isEqualTo("err");
          assertThat(frame.json().getString("message")).isEqualTo("invalid_frame");
          assertThat(frame.json().getString("reason")).matches("\\[1:\\d+] Duplicate field '(address|authorization|type)'");
        });
      }
      client.writeText("{\"type\":", "[\"register\"]", BridgeClient.PING.encode());
      assertThat(client.framesUntilPong()).extracting(frame -> frame.json().getString("message"))
          .containsExactly("invalid_frame", "invalid_frame");

      try (BridgeClient witness = BridgeClient.subscribed(node.eventBridgePort(), node.vertx(), TestUsers.READER)) {
        assertThat(witness.probesSeen()).isPositive();
      }
      assertThat(client.ping()).isEmpty();
      assertThat(client.probesSeen()).as("probes reaching the refused client").isZero();

      // The connection stays usable: a well-formed registration on it subscribes.
      assertThat(client.sendThenPing(register(Addresses.EVENTS, valid))).isEmpty();
      client.awaitSubscribed(node.vertx());
    }
    assertASubscriberStillReceivesDeletions(node.eventBridgePort(), "limits-duplicates");
  }

  @Test
  void connectionsThatNeverAuthenticateAreClosedAtTheDeadline() {
    Duration deadline = Duration.ofSeconds(1);
    int count = 200;
    withBridge(limits(deadline, Duration.ofSeconds(30), 1024), bridge -> {
      List<BridgeClient> clients = new ArrayList<>();
      try (BridgeClient subscriber = BridgeClient.subscribed(bridge.actualPort(), node.vertx(), TestUsers.READER)) {
        for (int i = 0; i < count; i++) {
          BridgeClient client = BridgeClient.connect(bridge.actualPort());
          clients.add(client);
          // Silent, pinging, or failing to authenticate: none of it is authenticating.
          if (i % 3 == 1) {
            client.send(BridgeClient.PING);
          } else if (i % 3 == 2) {
            client.send(register(Addresses.EVENTS, basic(TestUsers.READER, "wrong-password")));
          }
        }
        Conditions.await(WAIT, "every unauthenticated connection closed", () -> clients.stream()
            .allMatch(BridgeClient::hasEnded));
        assertThat(clients).allSatisfy(client -> assertThat(client.lifetime()).isGreaterThanOrEqualTo(deadline));
        Conditions.await(WAIT, "the bridge counts the subscriber alone", () -> bridge.openConnections() == 1);

        assertThat(subscriber.ping()).as("the subscriber, authenticated in time, stays").isEmpty();
      } finally {
        clients.forEach(BridgeClient::close);
      }
      assertASubscriberStillReceivesDeletions(bridge.actualPort(), "limits-deadline");
    });
  }

  @Test
  void aConnectionWithNoFrameEitherWayIsClosedWhileSubscribersThatPingOrReceiveStay() {
    Duration idle = Duration.ofSeconds(1);
    long pace = idle.toMillis() / 4;
    withBridge(limits(Duration.ofSeconds(10), idle, 1024), bridge -> {
      int port = bridge.actualPort();
      try (BridgeClient silent = BridgeClient.subscribed(port, node.vertx(), TestUsers.READER);
          BridgeClient pinging = BridgeClient.subscribed(port, node.vertx(), TestUsers.READER);
          BridgeClient receiving = BridgeClient.subscribed(port, node.vertx(), TestUsers.READER)) {
        // Nothing is published: only the clients that ping have frames going either way.
        runFor(idle.multipliedBy(3), pace, List.of(() -> assertThat(pinging.ping()).isEmpty(),
            () -> assertThat(receiving.ping()).isEmpty()));
        assertThat(silent.hasEnded()).as("the silent subscriber was closed").isTrue();
        assertThat(silent.framesUntilEnd()).isEmpty();
        assertThat(pinging.hasEnded()).isFalse();

        // Events only, nothing sent by the clients: receiving is enough to stay.
        int probesBefore = receiving.probesSeen();
        runFor(idle.multipliedBy(3), pace, List.of(() -> BridgeClient.publishProbe(node.vertx())));
        assertThat(receiving.hasEnded()).as("the subscriber receiving events stays").isFalse();
        assertThat(receiving.probesSeen() - probesBefore).isGreaterThanOrEqualTo(8);
        assertThat(receiving.ping()).isEmpty();
      }
      assertASubscriberStillReceivesDeletions(port, "limits-idle");
    });
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnce() {
    int cap = 5;
    int beyond = 10;
    withBridge(limits(Duration.ofSeconds(10), Duration.ofSeconds(30), cap), bridge -> {
      List<BridgeClient> held = new ArrayList<>();
      List<BridgeClient> refused = new ArrayList<>();
      try {
        for (int i = 0; i < cap; i++) {
          held.add(BridgeClient.connect(bridge.actualPort()));
          assertThat(held.get(i).ping()).isEmpty();
        }
        for (int i = 0; i < beyond; i++) {
          refused.add(BridgeClient.connect(bridge.actualPort()));
        }
        for (BridgeClient client : refused) {
          assertThat(client.framesUntilEnd()).extracting(frame -> frame.json().getString("message"))
              .containsExactly("too_many_connections");
          assertThat(client.lifetime()).isLessThan(Duration.ofSeconds(2));
        }
        assertThat(bridge.openConnections()).isEqualTo(cap);
        assertThat(held).allSatisfy(client -> assertThat(client.ping()).isEmpty());

        held.remove(0).close();
        Conditions.await(WAIT, "a place is free again", () -> bridge.openConnections() == cap - 1);
        assertASubscriberStillReceivesDeletions(bridge.actualPort(), "limits-cap");
      } finally {
        held.forEach(BridgeClient::close);
        refused.forEach(BridgeClient::close);
      }
    });
  }

  @Test
  void aClientThatLeavesItsPongsUnreadIsNoLongerRead() {
    long attempted = 64 * MIB;
    withBridge(limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 1024), bridge -> {
      long written = writePingsUntilStalled(bridge.actualPort(), attempted);
      assertThat(written).as("bytes of pings the bridge took in, of %d attempted, none of their pongs read", attempted)
          .isLessThan(SOCKET_BUFFERS);
      assertASubscriberStillReceivesDeletions(bridge.actualPort(), "limits-unread");
    });
  }

  @Test
  void aSubscriberThatLeavesItsEventsUnreadIsCutOffInsteadOfBufferedFor() {
    withBridge(limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 1024), bridge -> {
      try (Socket subscriber = new Socket()) {
        subscriber.setReceiveBufferSize(64 * 1024);
        subscriber.connect(new InetSocketAddress("127.0.0.1", bridge.actualPort()));
        subscriber.setSoTimeout((int) WAIT.toMillis());
        // The bridge answers the ping only once the registration before it is decided.
        subscriber.getOutputStream().write(BridgeFrames.encode(register(Addresses.EVENTS,
            basic(TestUsers.READER, TestUsers.PASSWORD))).appendBuffer(BridgeFrames.encode(BridgeClient.PING)).getBytes());
        DataInputStream frames = new DataInputStream(subscriber.getInputStream());
        assertThat(new JsonObject(new String(frames.readNBytes(frames.readInt()), StandardCharsets.UTF_8))
            .getString("type")).as("the answer to the ping after the registration").isEqualTo("pong");

        // 64 MiB of events while the subscriber reads nothing (before the fix: all of it queued
        // in the node's heap, and the connection never closed, not even at the idle timeout).
        long before = usedHeapAfterGc();
        JsonObject filler = new JsonObject().put("type", "bridge-test-filler").put("data", "x".repeat(32 * 1024));
        DeliveryOptions signed = TestSecrets.eventIntegrity().publishing(Addresses.EVENTS, filler);
        for (int i = 0; i < 2048; i++) {
          node.vertx().eventBus().publish(Addresses.EVENTS, filler, signed);
        }
        Conditions.await(WAIT, "the unread subscriber cut off", () -> bridge.openConnections() == 0);
        long grown = usedHeapAfterGc() - before;
        assertThat(grown).as("heap grown by the events of an unread subscriber").isLessThan(16 * MIB);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      assertASubscriberStillReceivesDeletions(bridge.actualPort(), "limits-unread-events");
    });
  }

  // --- helpers ---------------------------------------------------------------------------------

  private interface Step {
    void run() throws Exception;
  }

  private static BridgeSettings limits(Duration authTimeout, Duration idleTimeout, int maxConnections) {
    return new BridgeSettings("127.0.0.1", 0, MAX_FRAME_BYTES, authTimeout, idleTimeout, maxConnections);
  }

  private static void withBridge(BridgeSettings settings, Consumer<EventBridge> test) {
    EventBridge bridge = TestCluster.await(EventBridge.start(node.vertx(), node.security(), settings,
        node.eventIntegrity()));
    try {
      test.accept(bridge);
    } finally {
      TestCluster.await(bridge.close());
    }
  }

  /** Runs each action every {@code paceMs} (the pace of the clients under test) for {@code duration}. */
  private static void runFor(Duration duration, long paceMs, List<Step> actions) {
    long end = System.nanoTime() + duration.toNanos();
    try {
      while (System.nanoTime() < end) {
        for (Step action : actions) {
          action.run();
        }
        Thread.sleep(paceMs);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Writes pings without ever reading, until the bridge stops taking them in (not writable for two
   * seconds) or {@code attempted} bytes are written; returns the bytes written.
   */
  private static long writePingsUntilStalled(int port, long attempted) {
    byte[] ping = BridgeFrames.encode(BridgeClient.PING).getBytes();
    // Whole pings only, written over and over: the stream stays a sequence of frames.
    ByteBuffer pings = ByteBuffer.allocate(ping.length * 4096);
    while (pings.hasRemaining()) {
      pings.put(ping);
    }
    pings.flip();
    try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
      channel.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
      channel.connect(new InetSocketAddress("127.0.0.1", port));
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_WRITE);
      long written = 0;
      while (written < attempted) {
        if (!pings.hasRemaining()) {
          pings.rewind();
        }
        int wrote = channel.write(pings);
        written += wrote;
        if (wrote == 0) {
          if (selector.select(2_000) == 0) {
            return written;
          }
          selector.selectedKeys().clear();
        }
      }
      return written;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Every earlier limit left the node serving: a new subscriber authenticates and receives a deletion. */
  private static void assertASubscriberStillReceivesDeletions(int port, String id) {
    try (BridgeClient subscriber = BridgeClient.subscribed(port, node.vertx(), TestUsers.READER)) {
      assertThat(admin.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(admin.delete("/_inference/" + id).status()).isEqualTo(200);
      Frame deleted = subscriber.nextEvent("deleted", id);
      assertThat(deleted.body().getString("inference_id")).isEqualTo(id);
    }
  }

  /** True once the server has closed its side: a read sees the end of the stream or a reset. */
  private static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout((int) WAIT.toMillis());
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
