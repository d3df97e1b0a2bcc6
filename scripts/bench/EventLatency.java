import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how long a deletion event takes to reach a subscriber on another cluster member, from
 * the moment the DELETE's 200 reaches the HTTP client. This program is both: it joins the cluster
 * as a plain clustered Vert.x node (Hazelcast cluster manager, TCP-IP join, its own port, and
 * without the {@code infergate.gateway} member attribute, so no write ever waits for it),
 * subscribes to {@code infergate.events}, then issues PUT+DELETE pairs over HTTP to one gateway
 * node and takes System.nanoTime() when each DELETE returns and when its "deleted" event arrives.
 *
 * <pre>
 * java -cp target/infergate.jar scripts/bench/EventLatency.java \
 *   --cluster-name NAME --members 127.0.0.1:5701,... --port 5799 \
 *   --http http://127.0.0.1:9200 --auth elastic:PASSWORD [--count 500] [--concurrency 4] [--warmup-seconds 0]
 *   [--cluster-xml conf/cluster.xml] [--lite] [--out result.json] [--listen-seconds S]
 *   [--keystore conf/infergate.keystore]   (its cluster.secret answers the gateways' attestation challenges, without
 *                                          which they refuse writes, and signs the catch-up read of the event log)
 * </pre>
 *
 * Prints p50/p99/max of (event arrival - DELETE acknowledgment) in ms (negative when the event
 * arrived before the HTTP reply), events/s, and a final line "RESULT {json}". With
 * --listen-seconds it issues nothing: it stays a member that long, counting events (a subscriber
 * present during a fault test). Every wait is bounded; the program always exits by itself.
 */
public final class EventLatency {

  private static final String EVENTS = "infergate.events";
  private final AtomicLong newestSequence = new AtomicLong(-1);
  private static final String PUT_BODY =
      "{\"service\":\"hugging_face\",\"service_settings\":{\"api_key\":\"bench-secret\",\"url\":\"https://hf.example\"}}";

  /** Held so that the level stays set: Hazelcast's INFO lines (banner, members) are noise here. */
  private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");

  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong lastEventNanos = new AtomicLong();
  private HttpClient http;
  private String base;
  private String authorization;

  public static void main(String[] args) throws Exception {
    HAZELCAST_LOG.setLevel(java.util.logging.Level.WARNING);
    Map<String, String> options = parse(args);
    int exit = new EventLatency().run(options);
    System.exit(exit);
  }

  private int run(Map<String, String> o) throws Exception {
    String clusterName = required(o, "cluster-name");
    List<String> members = Arrays.stream(required(o, "members").split(",")).map(String::trim).toList();
    int port = Integer.parseInt(required(o, "port"));
    Config config = o.containsKey("cluster-xml") ? new XmlConfigBuilder(o.get("cluster-xml")).build() : new Config();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    // A subscriber joins as a lite member (no registry data), as HazelcastConfigFactory.forSubscriber
    // does; --full-member shows what goes wrong otherwise (its data share is never made durable).
    config.setLiteMember(!o.containsKey("full-member"));
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).clear().addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    // Deliberately no config.getMemberAttributeConfig().setAttribute("infergate.gateway", ...).

    long joinStart = System.nanoTime();
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(config);
    VertxOptions vertxOptions = new VertxOptions().setEventBusOptions(new EventBusOptions()
        .setHost("127.0.0.1").setClusterPublicHost("127.0.0.1").setPort(0));
    Vertx vertx = Vertx.builder().with(vertxOptions).withClusterManager(clusterManager).buildClustered()
        .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    if (o.containsKey("keystore")) {
      // Until it answers the gateways' attestation challenges, the cluster refuses every write.
      io.infergate.cluster.AttestationAnswers.join(vertx, clusterSecret(o.get("keystore")), 10_000)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(EVENTS, message -> {
      long now = System.nanoTime();
      JsonObject event = message.body();
      String key = event.getString("type") + "/" + event.getString("inference_id");
      arrivals.putIfAbsent(key, now);
      deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      events.incrementAndGet();
      lastEventNanos.set(now);
      newestSequence.accumulateAndGet(event.getLong("sequence", -1L), Math::max);
    });
    consumer.completion().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.printf("joined cluster [%s] as a plain Vert.x member%s in %d ms (%d members); subscribed to %s%n",
        clusterName, config.isLiteMember() ? " (Hazelcast lite member)" : "",
        ms(System.nanoTime() - joinStart), clusterManager.getHazelcastInstance().getCluster().getMembers().size(),
        EVENTS);

    try {
      if (o.containsKey("listen-seconds")) {
        long until = System.nanoTime() + (long) (Double.parseDouble(o.get("listen-seconds")) * 1e9);
        while (System.nanoTime() < until) {
          Thread.sleep(200);
        }
        System.out.printf("listened: %d events%n", events.get());
        System.out.println("RESULT " + new JsonObject().put("events", events.get()).encode());
        return 0;
      }
      return measure(o, vertx);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private int measure(Map<String, String> o, Vertx vertx) throws Exception {
    base = required(o, "http").replaceAll("/+$", "");
    authorization = "Basic " + Base64.getEncoder().encodeToString(required(o, "auth").getBytes(StandardCharsets.UTF_8));
    int count = Integer.parseInt(o.getOrDefault("count", "500"));
    int concurrency = Math.max(1, Integer.parseInt(o.getOrDefault("concurrency", "4")));
    String run = "el" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    // Ready when a warm-up deletion comes back as an event: our subscription is known cluster-wide.
    long readyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int warmups = 0;
    boolean ready = false;
    while (!ready && System.nanoTime() < readyDeadline) {
      String id = run + "-ready-" + warmups++;
      pair(id);
      long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (!ready && System.nanoTime() < wait) {
        ready = arrivals.containsKey("deleted/" + id);
        Thread.sleep(5);
      }
    }
    if (!ready) {
      System.err.println("no event reached this subscriber within 30 s of warm-ups; giving up");
      return 1;
    }
    double warmupSeconds = Double.parseDouble(o.getOrDefault("warmup-seconds", "0"));
    warmUp(run, concurrency, warmupSeconds);
    long eventsBefore = events.get();

    Map<String, Long> acks = new ConcurrentHashMap<>();
    List<Long> putNanos = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Long> deleteNanos = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    long hardDeadline = start + TimeUnit.SECONDS.toNanos(120);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      int stream = t;
      Thread thread = new Thread(() -> {
        int k;
        while ((k = next.getAndIncrement()) < count && System.nanoTime() < hardDeadline) {
          String id = run + "-s" + stream + "-" + k;
          try {
            long t0 = System.nanoTime();
            int put = send("PUT", "/_inference/sparse_embedding/" + id);
            long t1 = System.nanoTime();
            int delete = send("DELETE", "/_inference/" + id);
            long t2 = System.nanoTime();
            if (put != 200 || delete != 200) {
              failures.incrementAndGet();
              continue;
            }
            acks.put(id, t2);
            putNanos.add(t1 - t0);
            deleteNanos.add(t2 - t1);
          } catch (Exception e) {
            failures.incrementAndGet();
          }
        }
      }, "stream-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(hardDeadline - System.nanoTime())));
    }
    long issued = System.nanoTime();
    // Every deletion's event, or 10 s more at most.
    long eventDeadline = issued + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < eventDeadline
        && !acks.keySet().stream().allMatch(id -> arrivals.containsKey("deleted/" + id))) {
      Thread.sleep(10);
    }

    List<Double> latencies = new ArrayList<>();
    int missingDeleted = 0;
    int missingCreated = 0;
    int duplicates = 0;
    int beforeAck = 0;
    for (Map.Entry<String, Long> ack : acks.entrySet()) {
      Long arrived = arrivals.get("deleted/" + ack.getKey());
      if (!arrivals.containsKey("created/" + ack.getKey())) {
        missingCreated++;
      }
      if (arrived == null) {
        missingDeleted++;
        continue;
      }
      double latency = (arrived - ack.getValue()) / 1e6;
      if (latency < 0) {
        beforeAck++;
      }
      latencies.add(latency);
      for (String type : List.of("created/", "deleted/")) {
        AtomicInteger n = deliveries.get(type + ack.getKey());
        if (n != null && n.get() > 1) {
          duplicates++;
        }
      }
    }
    latencies.sort(null);
    long measuredEvents = events.get() - eventsBefore;
    double seconds = (Math.max(lastEventNanos.get(), issued) - start) / 1e9;
    JsonObject result = new JsonObject()
        .put("pairs", acks.size())
        .put("failed_requests", failures.get())
        .put("concurrency", concurrency)
        .put("warmup_seconds", warmupSeconds)
        .put("delete_ack_to_event_ms_p50", round(percentile(latencies, 0.50)))
        .put("delete_ack_to_event_ms_p99", round(percentile(latencies, 0.99)))
        .put("delete_ack_to_event_ms_max", round(latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1)))
        .put("delete_ack_to_event_ms_min", round(latencies.isEmpty() ? Double.NaN : latencies.get(0)))
        .put("events_before_http_reply", beforeAck)
        .put("missing_deleted_events", missingDeleted)
        .put("missing_created_events", missingCreated)
        .put("duplicate_events", duplicates)
        .put("events", measuredEvents)
        .put("events_per_second", round(measuredEvents / seconds))
        .put("put_ms_p50", round(percentileNanos(putNanos, 0.50)))
        .put("put_ms_p99", round(percentileNanos(putNanos, 0.99)))
        .put("delete_ms_p50", round(percentileNanos(deleteNanos, 0.50)))
        .put("delete_ms_p99", round(percentileNanos(deleteNanos, 0.99)));
    System.out.printf("%d PUT+DELETE pairs over %d streams in %.1f s (%d failed requests)%n", acks.size(),
        concurrency, seconds, failures.get());
    System.out.printf("DELETE acknowledged -> deleted event on this subscriber: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
        + " (min %.2f; %d of %d arrived before the HTTP reply)%n",
        result.getDouble("delete_ack_to_event_ms_p50"), result.getDouble("delete_ack_to_event_ms_p99"),
        result.getDouble("delete_ack_to_event_ms_max"), result.getDouble("delete_ack_to_event_ms_min"), beforeAck,
        latencies.size());
    System.out.printf("events received: %d (%.0f events/s); missing deleted %d, missing created %d, duplicated %d%n",
        measuredEvents, result.getDouble("events_per_second"), missingDeleted, missingCreated, duplicates);
    if (o.containsKey("keystore")) {
      measureCatchUp(vertx, result, o.get("keystore"));
    } else {
      System.out.println("catch-up not measured: it reads the event log, which takes the cluster's --keystore");
    }
    System.out.println("RESULT " + result.encode());
    if (o.containsKey("out")) {
      Files.writeString(Path.of(o.get("out")), result.encodePrettily());
    }
    return missingDeleted == 0 && failures.get() == 0 ? 0 : 1;
  }

  /**
   * Catch-up throughput: a subscriber that was away reads every event still kept, from sequence 0
   * to the newest seen live, through the project's ordered stream (log reads plus live events).
   */
  private void measureCatchUp(Vertx vertx, JsonObject result, String keystore) throws Exception {
    long newest = newestSequence.get();
    if (newest < 0) {
      return;
    }
    java.util.concurrent.CountDownLatch caughtUp = new java.util.concurrent.CountDownLatch(1);
    AtomicLong delivered = new AtomicLong();
    AtomicLong lastSequence = new AtomicLong(-1);
    AtomicInteger outOfOrder = new AtomicInteger();
    long start = System.nanoTime();
    io.infergate.events.Subscription replay = io.infergate.events.EndpointEventSubscriber.create(vertx, "bench-replay",
        clusterSecret(keystore)).toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS)
        .subscribe(io.infergate.events.EventFilter.all(), 0, event -> {
          // The first event is the oldest still kept: sequence 0 only while the log has not wrapped.
          if (lastSequence.get() >= 0 && event.sequence() != lastSequence.get() + 1) {
            outOfOrder.incrementAndGet();
          }
          lastSequence.set(event.sequence());
          delivered.incrementAndGet();
          if (event.sequence() >= newest) {
            caughtUp.countDown();
          }
        }, failure -> System.err.println("catch-up: " + failure.getMessage()));
    boolean done = caughtUp.await(60, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    replay.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    result.put("catch_up_events", delivered.get()).put("catch_up_seconds", round(seconds))
        .put("catch_up_events_per_second", round(delivered.get() / seconds))
        .put("catch_up_out_of_order", outOfOrder.get()).put("catch_up_complete", done);
    System.out.printf("catch-up from sequence 0: %d events in order (%d out of order) in %.2f s = %.0f events/s%s%n",
        delivered.get(), outOfOrder.get(), seconds, delivered.get() / seconds, done ? "" : " (INCOMPLETE)");
  }

  /** The keystore's cluster.secret, its password from INFERGATE_KEYSTORE_PASSWORD (none by default). */
  private static byte[] clusterSecret(String keystore) {
    String password = System.getenv("INFERGATE_KEYSTORE_PASSWORD");
    return io.infergate.keystore.NodeKeystore.clusterSecret(
        new io.infergate.keystore.KeystoreFile(Path.of(keystore)), password == null ? new char[0] : password.toCharArray());
  }

  /**
   * Unmeasured pairs from as many streams as the measurement, for at least 20 pairs and the given
   * seconds: this JVM compiles its own HTTP client and event-bus path meanwhile, on the cores the
   * nodes use (two on a small machine), and that compilation would otherwise land in the figures.
   */
  private void warmUp(String run, int concurrency, double seconds) throws Exception {
    long until = System.nanoTime() + (long) (seconds * 1e9);
    AtomicInteger pairs = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      Thread thread = new Thread(() -> {
        int k;
        while ((k = pairs.getAndIncrement()) < 20 || System.nanoTime() < until) {
          try {
            pair(run + "-warm-" + k);
          } catch (Exception e) {
            return; // the measured pairs report failures
          }
        }
      }, "warm-up-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(120) + (long) (seconds * 1000));
    }
  }

  private void pair(String id) throws Exception {
    send("PUT", "/_inference/sparse_embedding/" + id);
    send("DELETE", "/_inference/" + id);
  }

  private int send(String method, String path) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", authorization)
        .header("Content-Type", "application/json");
    request = "PUT".equals(method)
        ? request.PUT(HttpRequest.BodyPublishers.ofString(PUT_BODY))
        : request.method(method, HttpRequest.BodyPublishers.noBody());
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if ("DELETE".equals(method) && response.statusCode() == 200 && !response.body().contains("\"acknowledged\":true")) {
      return 299; // applied but not acknowledged by every node: not a clean measurement
    }
    return response.statusCode();
  }

  private static double percentile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }

  private static double percentileNanos(List<Long> nanos, double q) {
    List<Double> sorted = new ArrayList<>();
    synchronized (nanos) {
      nanos.forEach(n -> sorted.add(n / 1e6));
    }
    sorted.sort(null);
    return percentile(sorted, q);
  }

  private static double round(double value) {
    return Double.isNaN(value) ? -1 : Math.round(value * 100) / 100.0;
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return value;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String name = args[i].substring(2);
      if (name.equals("lite") || name.equals("full-member")) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
    return options;
  }
}
