package io.infergate;

import io.infergate.config.NodeConfig;
import io.infergate.keystore.KeystoreException;
import io.infergate.logs.NodeLogs;
import io.infergate.security.ElasticBootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Boots a node: reads the configuration, bootstraps the first user, starts the clustered node. */
public final class Infergate {

  private static final Logger LOG = Logger.getLogger(Infergate.class.getName());

  private Infergate() {
  }

  public static void main(String[] args) throws Exception {
    configureLogging();
    Path configFile = Path.of(args.length > 0 ? args[0]
        : System.getenv().getOrDefault("INFERGATE_CONFIG", "conf/infergate.json"));
    NodeConfig config = NodeConfig.load(configFile, System.getenv());
    Duration shutdownTimeout;
    Duration drainDelay;
    try {
      shutdownTimeout = config.shutdownTimeout();
      drainDelay = config.shutdownDrainDelay();
    } catch (IllegalArgumentException e) {
      LOG.severe(e.getMessage());
      System.exit(1);
      return;
    }
    Optional<Path> logFile = config.logFile();
    if (logFile.isPresent()) {
      NodeLogs.toFile(logFile.get(), config.logRotation());
    }
    NodeLogs.format(config.logFormat(), config.nodeName(), config.clusterName());

    ElasticBootstrap.Result bootstrap = new ElasticBootstrap().ensureElasticUser(config.securityConfDir(),
        System.getenv("ELASTIC_PASSWORD"));
    bootstrap.generatedPassword().ifPresent(password -> System.out.println(
        "\nCreated the [elastic] superuser with the generated password:\n\n  " + password
            + "\n\nIt is shown only once. Change it with: scripts/users passwd elastic\n"));

    InfergateNode node;
    try {
      node = InfergateNode.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PortInUseException || e.getCause() instanceof KeystoreException) {
        LOG.severe(e.getCause().getMessage());
      } else {
        LOG.log(Level.SEVERE, "node [" + config.nodeName() + "] failed to start", e.getCause());
      }
      System.exit(1);
      return;
    }
    LOG.info(() -> "node [" + config.nodeName() + "] started; HTTP port " + node.httpPort());
    ShutdownSignals signals = ShutdownSignals.install(node, drainDelay, shutdownTimeout,
        () -> config.pidFile().ifPresent(PidFile::remove));
    // Any other way out (System.exit elsewhere, SIGHUP): close at once, as before.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (signals.stopping()) {
        return; // the signal's shutdown has closed the node and exits on its own
      }
      try {
        node.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Stopping anyway: the JVM is exiting.
      }
      config.pidFile().ifPresent(PidFile::remove);
    }, "infergate-exit"));
    config.pidFile().ifPresent(PidFile::write);
  }

  /** One-line log format; Hazelcast, Netty and Vert.x at WARNING. Kept if a JUL config file is given. */
  public static void configureLogging() throws IOException {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = Infergate.class.getResourceAsStream("/infergate-logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    }
  }
}
