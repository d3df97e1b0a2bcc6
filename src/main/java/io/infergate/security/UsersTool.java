package io.infergate.security;

import java.io.BufferedReader;
import java.io.Console;
import io.infergate.cli.ToolException;
import io.infergate.cli.ToolRunner;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Manages the file realm's users like Elasticsearch's {@code elasticsearch-users}: useradd,
 * passwd, roles, userdel, list. Exit codes follow it too: 1 user exists, 64 usage, 65 invalid
 * data, 67 no such user, 74 I/O error.
 */
@Command(name = "users",
    description = "Manages the users of the file realm (<conf-dir>/users and users_roles).")
public final class UsersTool implements Callable<Integer> {

  static final int USER_EXISTS = 1;
  static final int USAGE = ToolRunner.USAGE;
  static final int DATA_ERROR = 65;
  static final int NO_USER = 67;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
      description = "Shows this help and exits.")
  private boolean help;

  @Option(names = "--conf-dir", defaultValue = "conf", scope = ScopeType.INHERIT,
      description = "Folder of the users files (default: ${DEFAULT-VALUE}).")
  private Path confDir;

  private final int bcryptCost;
  private final Console console;
  private final BufferedReader stdin;
  private final PrintWriter out;
  private final PrintWriter err;

  UsersTool(int bcryptCost, Console console, BufferedReader stdin, PrintWriter out,
      PrintWriter err) {
    this.bcryptCost = bcryptCost;
    this.console = console;
    this.stdin = stdin;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    System.exit(new UsersTool(Bcrypt.DEFAULT_COST, System.console(), stdin, out, err)
        .execute(args));
  }

  int execute(String... args) {
    return ToolRunner.execute(this, out, err, e -> Optional.empty(), args);
  }

  @Override
  public Integer call() {
    return ToolRunner.commandRequired(spec, err);
  }

  @Command(name = "useradd", description = "Adds a user.")
  int useradd(
      @Parameters(paramLabel = "<username>") String username,
      @Option(names = {"-p", "--password"}, description = "Password; asked for when absent.")
      String password,
      @Option(names = {"-r", "--roles"}, split = ",", paramLabel = "<role>",
          description = "Comma-separated roles.") List<String> roles)
      throws IOException, ToolException {
    check(Validation.usernameError(username));
    List<String> newRoles = validRoles(roles);
    String hash = Bcrypt.hash(validPassword(password), bcryptCost);
    UserFiles files = files();
    files.locked(() -> {
      Map<String, String> users = files.readUsers(this::warn);
      if (users.containsKey(username)) {
        throw new ToolException(USER_EXISTS, "User [" + username + "] already exists");
      }
      Map<String, Set<String>> userRoles = files.readUserRoles(this::warn);
      if (!newRoles.isEmpty()) {
        userRoles.put(username, new TreeSet<>(newRoles));
      } else {
        userRoles.remove(username);
      }
      // users_roles first: a user must never exist with roles left over from an older one.
      files.writeUserRoles(userRoles);
      users.put(username, hash);
      files.writeUsers(users);
      return null;
    });
    warnUnknownRoles(newRoles);
    return 0;
  }

  @Command(name = "passwd", description = "Changes a user's password.")
  int passwd(
      @Parameters(paramLabel = "<username>") String username,
      @Option(names = {"-p", "--password"}, description = "Password; asked for when absent.")
      String password)
      throws IOException, ToolException {
    existingUsers(files(), username);
    String hash = Bcrypt.hash(validPassword(password), bcryptCost);
    UserFiles files = files();
    files.locked(() -> {
      Map<String, String> users = existingUsers(files, username);
      users.put(username, hash);
      files.writeUsers(users);
      return null;
    });
    return 0;
  }

  @Command(name = "roles", description = "Adds roles to and removes roles from a user; shows its"
      + " roles when neither is given.")
  int roles(
      @Parameters(paramLabel = "<username>") String username,
      @Option(names = {"-a", "--add"}, split = ",", paramLabel = "<role>",
          description = "Comma-separated roles to add.") List<String> add,
      @Option(names = {"-r", "--remove"}, split = ",", paramLabel = "<role>",
          description = "Comma-separated roles to remove.") List<String> remove)
      throws IOException, ToolException {
    List<String> added = validRoles(add);
    List<String> removed = validRoles(remove);
    UserFiles files = files();
    Set<String> result = files.locked(() -> {
      existingUsers(files, username);
      Map<String, Set<String>> userRoles = files.readUserRoles(this::warn);
      Set<String> roles = new TreeSet<>(userRoles.getOrDefault(username, Set.of()));
      if (added.isEmpty() && removed.isEmpty()) {
        return roles;
      }
      roles.addAll(added);
      roles.removeAll(removed);
      userRoles.put(username, roles);
      files.writeUserRoles(userRoles);
      return roles;
    });
    if (added.isEmpty() && removed.isEmpty()) {
      printUser(username, result);
    }
    warnUnknownRoles(added);
    return 0;
  }

  @Command(name = "userdel", description = "Deletes a user.")
  int userdel(@Parameters(paramLabel = "<username>") String username)
      throws IOException, ToolException {
    UserFiles files = files();
    files.locked(() -> {
      Map<String, String> users = existingUsers(files, username);
      users.remove(username);
      files.writeUsers(users);
      Map<String, Set<String>> userRoles = files.readUserRoles(this::warn);
      if (userRoles.remove(username) != null) {
        files.writeUserRoles(userRoles);
      }
      return null;
    });
    return 0;
  }

  @Command(name = "list", description = "Lists the users and their roles.")
  int list(@Parameters(paramLabel = "<username>", arity = "0..1") String username)
      throws IOException, ToolException {
    UserFiles files = files();
    Map<String, String> users = username == null
        ? files.readUsers(this::warn) : existingUsers(files, username);
    Map<String, Set<String>> userRoles = files.readUserRoles(this::warn);
    Collection<String> shown = username == null ? users.keySet() : List.of(username);
    shown.forEach(user -> printUser(user, userRoles.getOrDefault(user, Set.of())));
    return 0;
  }

  private UserFiles files() {
    return new UserFiles(confDir);
  }

  private Map<String, String> existingUsers(UserFiles files, String username)
      throws IOException, ToolException {
    Map<String, String> users = files.readUsers(this::warn);
    if (!users.containsKey(username)) {
      throw new ToolException(NO_USER, "User [" + username + "] doesn't exist");
    }
    return users;
  }

  private String validPassword(String given) throws IOException, ToolException {
    String password = given != null ? given : askPassword();
    check(Validation.passwordError(password));
    return password;
  }

  private String askPassword() throws IOException, ToolException {
    if (console != null) {
      char[] first = console.readPassword("Enter new password: ");
      char[] second = console.readPassword("Retype new password: ");
      if (first == null || second == null) {
        throw new ToolException(DATA_ERROR, "No password given");
      }
      if (!Arrays.equals(first, second)) {
        throw new ToolException(DATA_ERROR, "Passwords do not match");
      }
      return new String(first);
    }
    String line = stdin.readLine();
    if (line == null) {
      throw new ToolException(DATA_ERROR,
          "No password given: use -p or write it as a line on standard input");
    }
    return line;
  }

  private static List<String> validRoles(List<String> roles) throws ToolException {
    List<String> valid = new ArrayList<>();
    for (String role : roles == null ? List.<String>of() : roles) {
      String name = role.trim();
      if (!name.isEmpty()) {
        check(Validation.roleNameError(name));
        valid.add(name);
      }
    }
    return valid;
  }

  private static void check(Optional<String> error) throws ToolException {
    if (error.isPresent()) {
      throw new ToolException(DATA_ERROR, error.get());
    }
  }

  private void warnUnknownRoles(Collection<String> roles) {
    Set<String> known = new HashSet<>(RoleStore.BUILT_IN.keySet());
    try {
      known.addAll(RolesFile.read(confDir, message -> { }).keySet());
    } catch (RolesFile.InvalidRolesFileException e) {
      warn(e.getMessage());
    }
    List<String> unknown = roles.stream().filter(role -> !known.contains(role)).toList();
    if (!unknown.isEmpty()) {
      warn("the roles " + unknown + " are neither built-in nor defined in ["
          + RolesFile.FILE_NAME + "]; they grant nothing until they are defined there");
    }
  }

  private void printUser(String username, Collection<String> roles) {
    out.println(String.format(Locale.ROOT, "%-15s: %s", username,
        roles.isEmpty() ? "-" : String.join(",", roles)));
  }

  private void warn(String message) {
    err.println("WARNING: " + message);
  }
}
