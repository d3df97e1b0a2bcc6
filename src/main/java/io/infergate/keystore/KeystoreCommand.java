package io.infergate.keystore;

import io.infergate.cli.ToolException;
import io.infergate.cli.ToolRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Manages the node's keystore like {@code elasticsearch-keystore}: create, add, add-file, list,
 * remove, show-fingerprint. Values come from standard input or a prompt, never from the command
 * line; nothing it prints is a value. The keystore's password comes from
 * INFERGATE_KEYSTORE_PASSWORD, or a prompt when the keystore has one.
 */
@Command(name = "keystore", description = "Manages the secure settings of a node (conf/infergate.keystore).")
public final class KeystoreCommand implements Callable<Integer> {

  static final int FAILURE = 1;
  static final int USAGE = ToolRunner.USAGE;
  static final int DATA_ERROR = ToolRunner.DATA_ERROR;
  private static final String PATH_VARIABLE = "INFERGATE_KEYSTORE_PATH";

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Shows this help and exits.")
  private boolean help;

  @Option(names = "--path", scope = ScopeType.INHERIT,
      description = "The keystore file (default: $INFERGATE_KEYSTORE_PATH, else conf/infergate.keystore).")
  private Path path;

  private final Terminal terminal;
  private final BufferedReader stdin;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> environment;

  KeystoreCommand(Terminal terminal, Reader stdin, PrintWriter out, PrintWriter err, Map<String, String> environment) {
    this.terminal = terminal;
    this.stdin = new BufferedReader(stdin);
    this.out = out;
    this.err = err;
    this.environment = Map.copyOf(environment);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(new KeystoreCommand(Terminal.of(System.console()),
        new InputStreamReader(System.in, StandardCharsets.UTF_8), out, err, System.getenv()).execute(args));
  }

  int execute(String... args) {
    return ToolRunner.execute(this, out, err, e -> e instanceof KeystoreException
        ? Optional.of(new ToolException(DATA_ERROR, e.getMessage())) : Optional.empty(), args);
  }

  @Override
  public Integer call() {
    return ToolRunner.commandRequired(spec, err);
  }

  @Command(name = "create", description = "Creates the keystore with a new random cluster.secret.")
  int create(
      @Option(names = "--password", description = "Protects it with a password (asked for, or INFERGATE_KEYSTORE_PASSWORD).")
      boolean withPassword,
      @Option(names = {"-f", "--force"}, description = "Replaces an existing keystore (its cluster secret is lost).")
      boolean force) throws ToolException {
    KeystoreFile file = file();
    if (file.exists() && !force) {
      throw new ToolException(FAILURE, "the keystore [" + file.path() + "] already exists; --force replaces it");
    }
    char[] password = withPassword ? newPassword() : new char[0];
    try {
      byte[] secret = KeystoreCipher.random(32);
      file.save(Keystore.empty().with(Keystore.CLUSTER_SECRET, secret), password);
      out.println("Created the keystore [" + file.path() + "]; cluster.secret fingerprint " + Fingerprint.of(secret));
      out.println("Copy it to every node of this cluster.");
      Arrays.fill(secret, (byte) 0);
    } finally {
      Arrays.fill(password, '\0');
    }
    return 0;
  }

  @Command(name = "add", description = "Adds a setting, its value read from standard input or a prompt.")
  int add(
      @Parameters(paramLabel = "<setting>") String name,
      @Option(names = {"-x", "--stdin"}, description = "Reads the value from standard input.") boolean fromStdin,
      @Option(names = {"-f", "--force"}, description = "Replaces an existing value.") boolean force)
      throws IOException, ToolException {
    Keystore.checkName(name);
    byte[] value = fromStdin ? valueFromStdin() : valueFromPrompt(name);
    return put(name, value, force);
  }

  @Command(name = "add-file", description = "Adds a setting whose value is the content of a file.")
  int addFile(
      @Parameters(index = "0", paramLabel = "<setting>") String name,
      @Parameters(index = "1", paramLabel = "<file>") Path source,
      @Option(names = {"-f", "--force"}, description = "Replaces an existing value.") boolean force)
      throws IOException, ToolException {
    Keystore.checkName(name);
    return put(name, Files.readAllBytes(source), force);
  }

  @Command(name = "list", description = "Lists the settings' names (never their values).")
  int list() throws ToolException {
    Opened opened = open();
    opened.keystore.names().forEach(out::println);
    opened.close();
    return 0;
  }

  @Command(name = "remove", description = "Removes a setting.")
  int remove(@Parameters(paramLabel = "<setting>") String name) throws ToolException {
    if (name.equals(Keystore.CLUSTER_SECRET)) {
      throw new ToolException(FAILURE, "cluster.secret cannot be removed: every node of the cluster needs it");
    }
    Opened opened = open();
    try {
      if (!opened.keystore.contains(name)) {
        throw new ToolException(FAILURE, "the setting [" + name + "] is not in the keystore");
      }
      opened.file.save(opened.keystore.without(name), opened.password);
    } finally {
      opened.close();
    }
    return 0;
  }

  @Command(name = "show-fingerprint",
      description = "Shows the SHA-256 fingerprint of cluster.secret: equal on every node of a cluster.")
  int showFingerprint() throws ToolException {
    Opened opened = open();
    try {
      byte[] secret = opened.keystore.get(Keystore.CLUSTER_SECRET)
          .orElseThrow(() -> new ToolException(FAILURE, "the keystore has no cluster.secret"));
      out.println(Fingerprint.of(secret));
      Arrays.fill(secret, (byte) 0);
    } finally {
      opened.close();
    }
    return 0;
  }

  private int put(String name, byte[] value, boolean force) throws ToolException {
    Opened opened = open();
    try {
      if (opened.keystore.contains(name) && !force) {
        throw new ToolException(FAILURE, "the setting [" + name + "] already exists; --force replaces it");
      }
      opened.file.save(opened.keystore.with(name, value), opened.password);
    } finally {
      Arrays.fill(value, (byte) 0);
      opened.close();
    }
    return 0;
  }

  /** A keystore read with its password, which saving it again needs. */
  private record Opened(KeystoreFile file, Keystore keystore, char[] password) {
    void close() {
      keystore.wipe();
      Arrays.fill(password, '\0');
    }
  }

  private Opened open() throws ToolException {
    KeystoreFile file = file();
    if (!file.exists()) {
      throw new ToolException(FAILURE, "the keystore [" + file.path() + "] does not exist; create it with: scripts/keystore create");
    }
    String fromEnvironment = environment.get(Keystore.PASSWORD_VARIABLE);
    if (fromEnvironment != null) {
      char[] password = fromEnvironment.toCharArray();
      return new Opened(file, file.load(password), password);
    }
    try {
      return new Opened(file, file.load(new char[0]), new char[0]);
    } catch (KeystoreException unprotected) {
      if (!unprotected.wrongPasswordOrAltered()) {
        throw unprotected;
      }
      char[] password = terminal.readSecret("Enter the keystore password: ").orElseThrow(() -> new ToolException(
          DATA_ERROR, unprotected.withHint("set " + Keystore.PASSWORD_VARIABLE + " if it has one").getMessage()));
      return new Opened(file, file.load(password), password);
    }
  }

  private char[] newPassword() throws ToolException {
    String fromEnvironment = environment.get(Keystore.PASSWORD_VARIABLE);
    if (fromEnvironment != null) {
      return fromEnvironment.toCharArray();
    }
    char[] first = terminal.readSecret("Enter a new keystore password: ").orElseThrow(() -> new ToolException(USAGE,
        "no terminal to ask for the password: set " + Keystore.PASSWORD_VARIABLE));
    char[] second = terminal.readSecret("Enter it again: ").orElse(new char[0]);
    try {
      if (!Arrays.equals(first, second)) {
        Arrays.fill(first, '\0');
        throw new ToolException(DATA_ERROR, "the passwords differ");
      }
      return first;
    } finally {
      Arrays.fill(second, '\0');
    }
  }

  private byte[] valueFromStdin() throws IOException, ToolException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[1024];
    for (int read; (read = stdin.read(buffer)) != -1; ) {
      text.append(buffer, 0, read);
    }
    Arrays.fill(buffer, '\0');
    // One trailing line break is the shell's (echo, a here-string), not the value's.
    int end = text.length();
    if (end > 0 && text.charAt(end - 1) == '\n') {
      end--;
      if (end > 0 && text.charAt(end - 1) == '\r') {
        end--;
      }
    }
    return nonEmpty(text.substring(0, end).getBytes(StandardCharsets.UTF_8));
  }

  private byte[] valueFromPrompt(String name) throws ToolException {
    char[] value = terminal.readSecret("Enter the value of " + name + ": ").orElseThrow(() -> new ToolException(USAGE,
        "no terminal to ask for the value: pipe it in with --stdin"));
    try {
      return nonEmpty(new String(value).getBytes(StandardCharsets.UTF_8));
    } finally {
      Arrays.fill(value, '\0');
    }
  }

  private static byte[] nonEmpty(byte[] value) throws ToolException {
    if (value.length == 0) {
      throw new ToolException(DATA_ERROR, "the value is empty");
    }
    return value;
  }

  private KeystoreFile file() {
    return new KeystoreFile(path != null ? path
        : Path.of(environment.getOrDefault(PATH_VARIABLE, "conf/infergate.keystore")));
  }
}
