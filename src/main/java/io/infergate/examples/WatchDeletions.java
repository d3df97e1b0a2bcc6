package io.infergate.examples;

import io.infergate.bus.EndpointEvent;
import io.infergate.cli.ToolException;
import io.infergate.cli.ToolRunner;
import io.infergate.cluster.ClusterEventBus;
import io.infergate.cluster.HazelcastConfigFactory;
import io.infergate.config.NodeConfig;
import io.infergate.events.EndpointEventSubscriber;
import io.infergate.events.EventFilter;
import io.infergate.events.Subscription;
import io.infergate.keystore.Keystore;
import io.infergate.keystore.KeystoreException;
import io.infergate.keystore.KeystoreFile;
import io.infergate.keystore.NodeKeystore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An example subscriber: joins the gateway cluster, prints every endpoint deletion as it happens,
 * and remembers the last sequence it saw in a state file, so that when restarted it first prints
 * the deletions it missed. Optionally holds references to endpoints while it runs.
 */
@Command(name = "watch-deletions", mixinStandardHelpOptions = true,
    description = "Prints inference endpoint deletions live, resuming where it stopped.")
public final class WatchDeletions implements Callable<Integer> {

  @Option(names = "--config", description = "node configuration to read the cluster name and members from",
      defaultValue = "conf/infergate.json")
  Path config;

  @Option(names = "--keystore", defaultValue = "conf/infergate.keystore",
      description = "the cluster's keystore (its cluster.secret signs the requests to the registry); "
          + "its password from INFERGATE_KEYSTORE_PASSWORD")
  Path keystore;

  @Option(names = "--state-file", description = "where the next sequence is kept between runs",
      defaultValue = "run/watch-deletions.sequence")
  Path stateFile;

  @Option(names = "--from", description = "sequence to start from (default: the state file, else from now on)")
  Long from;

  @Option(names = "--task-type", description = "only deletions of endpoints of this task type")
  String taskType;

  @Option(names = "--hold", split = ",", description = "endpoint ids to hold references to while running")
  List<String> hold = new ArrayList<>();

  @Option(names = "--name", defaultValue = "watch-deletions", description = "subscriber name (names its references)")
  String name;

  @Option(names = "--seconds", description = "stop after this many seconds (default: run until Ctrl-C)")
  Long seconds;

  public static void main(String[] args) throws IOException {
    io.infergate.Infergate.configureLogging();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    // A keystore problem is one line (what to copy where), not a stack trace.
    System.exit(ToolRunner.execute(new WatchDeletions(), out, err, e -> e instanceof KeystoreException
        ? Optional.of(new ToolException(ToolRunner.DATA_ERROR, e.getMessage())) : Optional.empty(), args));
  }

  @Override
  public Integer call() throws Exception {
    NodeConfig node = NodeConfig.load(config, System.getenv());
    byte[] clusterSecret = clusterSecret();
    JsonObject settings = node.toJson();
    int port = freePort();
    List<String> members = new ArrayList<>(node.clusterMembers());
    members.add(node.clusterHost() + ":" + port);
    settings.getJsonObject("cluster").put("port", port).put("members", new JsonArray(members));
    HazelcastClusterManager manager = new HazelcastClusterManager(
        HazelcastConfigFactory.forSubscriber(NodeConfig.of(settings)));
    // cluster.ssl applies here too: with it on, the subscriber presents the configured certificate
    VertxOptions options = new VertxOptions().setEventBusOptions(ClusterEventBus.options(node));
    Vertx vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered()
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    long start = from != null ? from : savedSequence();
    // It answers the gateways' attestation challenges with the keystore's secret: until every gateway
    // has attested it, the cluster refuses writes.
    EndpointEventSubscriber subscriber = EndpointEventSubscriber.create(vertx, name, clusterSecret)
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Arrays.fill(clusterSecret, (byte) 0);
    EventFilter filter = taskType == null ? EventFilter.deletions() : EventFilter.deletions().withTaskType(taskType);
    Subscription[] subscription = new Subscription[1];
    subscription[0] = subscriber.subscribe(filter, start, event -> {
      print(event);
      save(subscription[0].nextSequence());
    }, failure -> System.err.println("! " + failure.getMessage()));
    subscription[0].ready().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    for (String id : hold) {
      subscriber.holdReference(id).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("holding a reference to [" + id + "] as [" + name + "]");
    }
    System.out.println("watching deletions" + (start >= 0 ? " from sequence " + start : " from now on")
        + " (Ctrl-C to stop)");

    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    if (seconds != null) {
      stop.await(seconds, TimeUnit.SECONDS);
    } else {
      stop.await();
    }
    save(subscription[0].nextSequence());
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return 0;
  }

  private byte[] clusterSecret() {
    String variable = System.getenv(Keystore.PASSWORD_VARIABLE);
    char[] password = variable == null ? new char[0] : variable.toCharArray();
    try {
      return NodeKeystore.clusterSecret(new KeystoreFile(keystore), password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static void print(EndpointEvent event) {
    System.out.printf("%s  #%d  deleted [%s] (%s, %s) by [%s] on [%s], revision %d%n", event.timestamp(),
        event.sequence(), event.inferenceId(), event.taskType(), event.service(), event.principal().username(),
        event.node(), event.revision());
  }

  private long savedSequence() throws IOException {
    return Files.exists(stateFile) ? Long.parseLong(Files.readString(stateFile).trim()) : -1;
  }

  private synchronized void save(long nextSequence) {
    if (nextSequence < 0) {
      return;
    }
    try {
      Path parent = stateFile.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, "sequence", ".tmp");
      Files.writeString(temp, Long.toString(nextSequence));
      Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      System.err.println("! cannot save the sequence: " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
