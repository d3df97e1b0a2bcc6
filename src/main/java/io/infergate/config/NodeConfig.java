package io.infergate.config;

import io.infergate.events.BridgeSettings;
import io.infergate.inference.TimeValue;
import io.infergate.keystore.Keystore;
import io.infergate.keystore.NodeKeystore;
import io.infergate.logs.FileRotation;
import io.infergate.security.LoginThrottleSettings;
import io.infergate.security.SecurityConfig;
import io.infergate.tls.TlsSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's settings: {@code conf/infergate.json}, where every key can be overridden by an
 * environment variable named after its path ({@code http.port} → {@code INFERGATE_HTTP_PORT},
 * {@code cluster.members} → {@code INFERGATE_CLUSTER_MEMBERS} as a comma-separated list).
 */
public final class NodeConfig {

  private final JsonObject json;
  /** The variables it was loaded with: a few secure settings are read from them, not from the file. */
  private final Map<String, String> environment;

  private NodeConfig(JsonObject json, Map<String, String> environment) {
    this.json = json;
    this.environment = Map.copyOf(environment);
  }

  public static NodeConfig load(Path file, Map<String, String> environment) {
    try {
      JsonObject json = new JsonObject(Files.readString(file));
      String configuredStorePassword = json.getJsonObject("store", new JsonObject()).getString("password", "");
      applyOverrides(json, "INFERGATE", environment);
      // The file's own store.password, before any override: the environment's seeds the keystore instead.
      json.getJsonObject("store", new JsonObject()).put("password", configuredStorePassword);
      return new NodeConfig(json, environment);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the node configuration " + file, e);
    }
  }

  /** The environment variable that overrides a key: {@code events.bridge_port} → {@code INFERGATE_EVENTS_BRIDGE_PORT}. */
  public static String environmentName(String keyPath) {
    return "INFERGATE_" + keyPath.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }

  /** A configuration from JSON, for tests and embedding; no environment applies. */
  public static NodeConfig of(JsonObject json) {
    return of(json, Map.of());
  }

  /** A configuration from JSON with these environment variables for its secure settings (no overrides apply). */
  public static NodeConfig of(JsonObject json, Map<String, String> environment) {
    return new NodeConfig(json.copy(), environment);
  }

  /**
   * This configuration with the keystore's {@code X.secure_password} settings in place of
   * {@code X.password} (e.g. {@code http.ssl.keystore.secure_password} for
   * {@code http.ssl.keystore.password}): a password in the keystore wins over one in the file.
   */
  public NodeConfig withSecurePasswords(Map<String, String> securePasswords) {
    JsonObject secured = json.copy();
    securePasswords.forEach((name, password) -> {
      String[] path = name.substring(0, name.length() - ".secure_password".length()).split("\\.");
      JsonObject section = secured;
      for (String key : path) {
        JsonObject next = section.getJsonObject(key);
        if (next == null) {
          next = new JsonObject();
          section.put(key, next);
        }
        section = next;
      }
      section.put("password", password);
    });
    return new NodeConfig(secured, environment);
  }

  private static void applyOverrides(JsonObject json, String prefix, Map<String, String> environment) {
    for (String key : json.fieldNames().toArray(String[]::new)) {
      String name = prefix + "_" + key.toUpperCase(java.util.Locale.ROOT);
      Object current = json.getValue(key);
      if (current instanceof JsonObject nested) {
        applyOverrides(nested, name, environment);
        continue;
      }
      String override = environment.get(name);
      if (override == null) {
        continue;
      }
      json.put(key, convert(name, override, current));
    }
  }

  private static Object convert(String name, String value, Object current) {
    try {
      if (current instanceof Integer || current instanceof Long) {
        return Long.parseLong(value.trim());
      }
      if (current instanceof Boolean) {
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(value);
      }
      if (current instanceof JsonArray) {
        return new JsonArray(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value [" + value + "] for " + name + ": " + e.getMessage(), e);
    }
  }

  public JsonObject toJson() {
    return json.copy();
  }

  public String nodeName() {
    String name = json.getString("node_name", "");
    return name.isBlank() ? "node-" + clusterPort() : name;
  }

  /** Where the node writes its process id once it listens on every port; none when empty. */
  public Optional<Path> pidFile() {
    String path = json.getString("pid_file", "");
    return path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
  }

  /**
   * How many event-loop threads the node's Vert.x runs: 1 unless set, 0 for Vert.x's default (twice
   * the processors). One router verticle serves all HTTP, so more loops only separate it from the
   * registry, the cluster's event bus and the bridge, at the price of a thread wake-up at each hand-off
   * between them.
   */
  public int eventLoops() {
    int loops = json.getInteger("event_loops", 1);
    if (loops < 0) {
      throw new IllegalArgumentException("event_loops must be 0 (Vert.x's default) or more, not [" + loops + "]");
    }
    return loops;
  }

  public String clusterName() {
    return json.getString("cluster_name", "infergate");
  }

  public String httpHost() {
    return section("http").getString("host", "127.0.0.1");
  }

  public int httpPort() {
    return section("http").getInteger("port", 9200);
  }

  public int maxContentLength() {
    return section("http").getInteger("max_content_length", 1024 * 1024);
  }

  public Path clusterConfigFile() {
    return Path.of(section("cluster").getString("config", "conf/cluster.xml"));
  }

  public String clusterHost() {
    return section("cluster").getString("host", "127.0.0.1");
  }

  public int clusterPort() {
    return section("cluster").getInteger("port", 5701);
  }

  public List<String> clusterMembers() {
    return section("cluster").getJsonArray("members", new JsonArray()).stream().map(String::valueOf).toList();
  }

  /**
   * How members find each other ({@code cluster.join}): {@code tcp_ip} (the default: the
   * {@code cluster.members} list) or {@code kubernetes} (Hazelcast's Kubernetes discovery).
   */
  public String clusterJoin() {
    String join = section("cluster").getString("join", "tcp_ip");
    if (!join.equals("tcp_ip") && !join.equals("kubernetes")) {
      throw new IllegalArgumentException("cluster.join must be [tcp_ip] or [kubernetes], got [" + join + "]");
    }
    return join;
  }

  /**
   * With {@code cluster.join} {@code kubernetes}: the DNS name of the headless Service whose
   * addresses are the members ({@code cluster.kubernetes_service_dns}); empty to ask the Kubernetes
   * API for the pods of the node's namespace instead (which needs a role that may read them).
   */
  public String kubernetesServiceDns() {
    return section("cluster").getString("kubernetes_service_dns", "");
  }

  /** How long a member has to answer an attestation challenge ({@code cluster.attestation_timeout_ms}, 5000). */
  public long attestationTimeoutMs() {
    return section("cluster").getLong("attestation_timeout_ms", 5_000L);
  }

  /** How often a member that has not answered is challenged again ({@code cluster.attestation_interval_ms}, 1000). */
  public long attestationIntervalMs() {
    return section("cluster").getLong("attestation_interval_ms", 1_000L);
  }

  public Path securityConfDir() {
    return Path.of(section("security").getString("conf_dir", "conf"));
  }

  public Duration authCacheTtl() {
    return Duration.ofSeconds(section("security").getLong("cache_ttl_seconds", 1200L));
  }

  public long authCacheMaxUsers() {
    return section("security").getLong("cache_max_users", 100_000L);
  }

  public Duration securityReloadInterval() {
    return Duration.ofSeconds(section("security").getLong("reload_interval_seconds", 5L));
  }

  /** Threads that run bcrypt; 0 (the default) for half the processors, leaving the rest to everything else. */
  public int passwordHashingThreads() {
    int configured = section("security").getInteger("hashing_threads", 0);
    return configured > 0 ? configured : SecurityConfig.defaultHashingThreads();
  }

  /** Password verifications that may wait for those threads; past it, authentication answers 429. */
  public int passwordHashingQueueSize() {
    return section("security").getInteger("hashing_queue_size", SecurityConfig.DEFAULT_HASHING_QUEUE_SIZE);
  }

  /**
   * {@code security.throttle_*}: failed authentications per user name at an address
   * ({@code throttle_user_failures}, 10) and per address ({@code throttle_address_failures}, 100)
   * within {@code throttle_window_seconds} (60), then refusals for {@code throttle_backoff_ms}
   * (1000) doubling per further failure up to {@code throttle_max_backoff_seconds} (300), with at
   * most {@code throttle_max_tracked} (100000) keys remembered. A limit of 0 turns it off.
   */
  public LoginThrottleSettings loginThrottle() {
    JsonObject security = section("security");
    return new LoginThrottleSettings(
        security.getInteger("throttle_user_failures", LoginThrottleSettings.DEFAULT_USER_FAILURES),
        security.getInteger("throttle_address_failures", LoginThrottleSettings.DEFAULT_ADDRESS_FAILURES),
        Duration.ofSeconds(security.getLong("throttle_window_seconds",
            LoginThrottleSettings.DEFAULT_WINDOW.toSeconds())),
        Duration.ofMillis(security.getLong("throttle_backoff_ms",
            LoginThrottleSettings.DEFAULT_FIRST_BACKOFF.toMillis())),
        Duration.ofSeconds(security.getLong("throttle_max_backoff_seconds",
            LoginThrottleSettings.DEFAULT_MAX_BACKOFF.toSeconds())),
        security.getLong("throttle_max_tracked", LoginThrottleSettings.DEFAULT_MAX_TRACKED));
  }

  public long registryRequestTimeoutMs() {
    return section("registry").getLong("request_timeout_ms", 30_000L);
  }

  public int minClusterSize() {
    return section("registry").getInteger("min_cluster_size", 1);
  }

  public Duration tombstoneRetention() {
    return Duration.ofSeconds(section("registry").getLong("tombstone_retention_seconds", 600L));
  }

  public String storeType() {
    String type = section("store").getString("type", "sqlite");
    if (!List.of("sqlite", "postgresql", "memory").contains(type)) {
      throw new IllegalArgumentException("store.type must be sqlite, postgresql or memory, not [" + type + "]");
    }
    return type;
  }

  /** {@code request} (synced before the reply, as Elasticsearch's translog) or {@code async}. */
  public String storeDurability() {
    String durability = section("store").getString("durability", "request");
    if (!List.of("request", "async").contains(durability)) {
      throw new IllegalArgumentException("store.durability must be request or async, not [" + durability + "]");
    }
    return durability;
  }

  public Duration storeSyncInterval() {
    long millis = section("store").getLong("sync_interval_ms", 1_000L);
    if (millis <= 0) {
      throw new IllegalArgumentException("store.sync_interval_ms must be positive, not [" + millis + "]");
    }
    return Duration.ofMillis(millis);
  }

  /** Preconfigured endpoints: PUT bodies with {@code inference_id} (starting with a dot) and {@code task_type}. */
  public List<JsonObject> preconfiguredEndpoints() {
    return section("registry").getJsonArray("preconfigured_endpoints", new JsonArray()).stream()
        .map(JsonObject.class::cast).toList();
  }

  public int eventRetentionCount() {
    return section("events").getInteger("retention_count", 100_000);
  }

  public Duration eventRetentionAge() {
    return Duration.ofSeconds(section("events").getLong("retention_seconds", 86_400L));
  }

  /**
   * {@code shutdown.timeout} (an Elasticsearch time value, {@code 30s} by default): how long a
   * SIGTERM waits for in-flight HTTP requests before closing what is left.
   */
  public Duration shutdownTimeout() {
    return timeValue("shutdown", "timeout", "30s");
  }

  /**
   * {@code shutdown.drain_delay} ({@code 0s} by default): how long a SIGTERM keeps serving after the
   * readiness probe turned 503, before it stops accepting connections, so that a load balancer
   * probing every few seconds stops sending new requests first.
   */
  public Duration shutdownDrainDelay() {
    return timeValue("shutdown", "drain_delay", "0s");
  }

  private Duration timeValue(String section, String key, String defaultValue) {
    return Duration.ofMillis(TimeValue.millis(section + "." + key, section(section).getString(key, defaultValue)));
  }

  public Path auditPath() {
    return Path.of(section("audit").getString("path", "logs/audit.json"));
  }

  /** {@code audit.max_bytes} and {@code audit.max_files}: the trail is rotated at 50 MiB, 5 rotated files kept. */
  public FileRotation auditRotation() {
    return rotation(section("audit"), 50L << 20, 5);
  }

  /** {@code logging.file}: where the node log goes instead of the console; empty for the console. */
  public Optional<Path> logFile() {
    String file = section("logging").getString("file", "");
    return file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
  }

  /** {@code logging.format}: {@code plain} one-line records (the default) or {@code json}, ECS JSON lines. */
  public String logFormat() {
    return section("logging").getString("format", "plain");
  }

  /** {@code logging.max_bytes} and {@code logging.max_files}: the node log is rotated at 20 MiB, 5 rotated files kept. */
  public FileRotation logRotation() {
    return rotation(section("logging"), 20L << 20, 5);
  }

  private static FileRotation rotation(JsonObject section, long maxBytes, int maxFiles) {
    return new FileRotation(section.getLong("max_bytes", maxBytes), section.getInteger("max_files", maxFiles));
  }

  /** TCP event-bus bridge for non-Java subscribers: -1 = off, 0 = any free port. */
  public int eventsBridgePort() {
    return section("events").getInteger("bridge_port", -1);
  }

  public String eventsBridgeHost() {
    return section("events").getString("bridge_host", httpHost());
  }

  /** {@code events.bridge_max_frame_bytes}: the largest frame a bridge client may send (64 KiB). */
  public int eventsBridgeMaxFrameBytes() {
    return section("events").getInteger("bridge_max_frame_bytes", BridgeSettings.DEFAULT_MAX_FRAME_BYTES);
  }

  /** {@code events.bridge_auth_timeout_seconds}: a bridge connection not authenticated by then is closed (10). */
  public Duration eventsBridgeAuthTimeout() {
    return Duration.ofSeconds(section("events").getLong("bridge_auth_timeout_seconds",
        (long) BridgeSettings.DEFAULT_AUTH_TIMEOUT_SECONDS));
  }

  /** {@code events.bridge_idle_timeout_seconds}: a bridge connection with no frame either way this long is closed (60). */
  public Duration eventsBridgeIdleTimeout() {
    return Duration.ofSeconds(section("events").getLong("bridge_idle_timeout_seconds",
        (long) BridgeSettings.DEFAULT_IDLE_TIMEOUT_SECONDS));
  }

  /** {@code events.bridge_max_connections}: open bridge connections per node (1024). */
  public int eventsBridgeMaxConnections() {
    return section("events").getInteger("bridge_max_connections", BridgeSettings.DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * {@code cluster.ssl.*}: TLS on the event bus between members (off by default). Both ends verify
   * each other, so {@code certificate_authorities} is required and {@code client_authentication}
   * defaults to {@code required}, as Elasticsearch's transport TLS.
   */
  public TlsSettings clusterTls() {
    JsonObject ssl = section("cluster").getJsonObject("ssl", new JsonObject()).copy();
    if (!ssl.containsKey("client_authentication")) {
      ssl.put("client_authentication", "required");
    }
    TlsSettings tls = TlsSettings.fromJson("cluster.ssl", ssl);
    if (tls.enabled() && tls.certificateAuthorities().isEmpty()) {
      throw new IllegalArgumentException("cluster.ssl.enabled is true: set cluster.ssl.certificate_authorities to the"
          + " CA that every member's certificate is signed by");
    }
    return tls;
  }

  /** {@code events.bridge_ssl.*}: TLS on the event bridge, the same keys as {@code http.ssl} (off by default). */
  public TlsSettings eventsBridgeTls() {
    return TlsSettings.fromJson("events.bridge_ssl", section("events").getJsonObject("bridge_ssl"));
  }

  public JsonObject store() {
    return section("store");
  }

  /** {@code keystore.path}: the node's secure settings ({@code conf/infergate.keystore}). */
  public Path keystorePath() {
    return Path.of(section("keystore").getString("path", "conf/infergate.keystore"));
  }

  /** The keystore's password, from INFERGATE_KEYSTORE_PASSWORD; empty (an obfuscated, unprotected keystore) without it. */
  public char[] keystorePassword() {
    return environment.getOrDefault(Keystore.PASSWORD_VARIABLE, "").toCharArray();
  }

  /** INFERGATE_STORE_PASSWORD: a store password for the node to write into its keystore when that has none. */
  public Optional<String> storePasswordSeed() {
    return Optional.ofNullable(environment.get(NodeKeystore.STORE_PASSWORD_VARIABLE)).filter(value -> !value.isEmpty());
  }

  /** {@code store.password} in the file (deprecated: it belongs in the keystore); empty when not set. */
  public Optional<String> configuredStorePassword() {
    return Optional.of(section("store").getString("password", "")).filter(value -> !value.isEmpty());
  }

  /** {@code http.read_timeout_ms}: how long a request may take to arrive whole (30 s). */
  public long httpReadTimeoutMs() {
    return section("http").getLong("read_timeout_ms", 30_000L);
  }

  /**
   * {@code http.idle_timeout_seconds}: a connection that sends and receives nothing this long is
   * closed (180: longer than a completion's default 120 s timeout, during which nothing flows).
   */
  public int httpIdleTimeoutSeconds() {
    return section("http").getInteger("idle_timeout_seconds", 180);
  }

  /**
   * {@code http.ssl.*}: TLS on the HTTP port (off by default). The PKCS#12 file's password comes from
   * the keystore's {@code http.ssl.keystore.secure_password} (see {@link #withSecurePasswords}).
   */
  public TlsSettings httpTls() {
    return TlsSettings.fromJson("http.ssl", section("http").getJsonObject("ssl"));
  }

  /** {@code http.max_connections}: open HTTP connections per node (1024). */
  public int httpMaxConnections() {
    return section("http").getInteger("max_connections", 1024);
  }

  /**
   * {@code http.tcp_send_buffer_size} (Elasticsearch's {@code http.tcp.send_buffer_size}): each HTTP
   * connection's socket send buffer in bytes; -1 (the default) leaves it to the OS, which grows it.
   * A small one makes a client that stops reading an event stream show as behind sooner.
   */
  public int httpTcpSendBufferSize() {
    return section("http").getInteger("tcp_send_buffer_size", -1);
  }

  /**
   * {@code metrics.scrape_addresses}: the remote IP addresses that may read {@code /_prometheus/metrics}
   * without credentials (none by default). {@code INFERGATE_METRICS_SCRAPE_ADDRESSES} takes a comma-separated list.
   */
  public List<String> metricsScrapeAddresses() {
    return section("metrics").getJsonArray("scrape_addresses", new JsonArray()).stream().map(String::valueOf).toList();
  }

  /**
   * {@code inference.providers} (timeouts, pool, {@code retry}), {@code inference.builtin} (the
   * in-process model's pool) and {@code inference.cache} (the result cache's bounds).
   */
  public JsonObject inference() {
    return section("inference");
  }

  private JsonObject section(String name) {
    return json.getJsonObject(name, new JsonObject());
  }
}
