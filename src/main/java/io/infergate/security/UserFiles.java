package io.infergate.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Reads and writes the Elasticsearch file-realm files {@code users} ({@code name:bcrypt-hash})
 * and {@code users_roles} ({@code role:user1,user2}) of one conf folder. All methods block.
 */
final class UserFiles {

  static final String USERS = "users";
  static final String USERS_ROLES = "users_roles";
  static final String LOCK = ".users.lock";

  // FileChannel.lock is held per process: a second lock of the same file from this JVM throws
  // instead of waiting, so threads of one JVM queue on this lock before taking the file lock.
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  /** A step run while holding the lock; {@code E} lets callers throw their own failures. */
  interface LockedAction<T, E extends Exception> {
    T run() throws IOException, E;
  }

  private final Path confDir;

  UserFiles(Path confDir) {
    this.confDir = confDir;
  }

  Path usersFile() {
    return confDir.resolve(USERS);
  }

  Path usersRolesFile() {
    return confDir.resolve(USERS_ROLES);
  }

  /** User name to bcrypt hash, in file order; invalid lines are reported and skipped. */
  Map<String, String> readUsers(Consumer<String> warnings) throws IOException {
    return parseUsers(readLines(usersFile()), warnings);
  }

  /** User name to the sorted names of its roles; invalid lines are reported and skipped. */
  Map<String, Set<String>> readUserRoles(Consumer<String> warnings) throws IOException {
    return parseUserRoles(readLines(usersRolesFile()), warnings);
  }

  static Map<String, String> parseUsers(List<String> lines, Consumer<String> warnings) {
    Map<String, String> users = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (isIgnored(line)) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        warnings.accept("invalid entry in [" + USERS + "] at line [" + (i + 1) + "]; skipping");
        continue;
      }
      String username = line.substring(0, colon).trim();
      String hash = line.substring(colon + 1).trim();
      if (!Validation.isValidName(username)) {
        warnings.accept("invalid username [" + username + "] in [" + USERS + "] at line ["
            + (i + 1) + "]; skipping");
      } else if (!Bcrypt.isBcryptHash(hash)) {
        warnings.accept("unsupported password hash for user [" + username + "] in [" + USERS
            + "]; only bcrypt ($2a$, $2b$, $2y$) is accepted; skipping");
      } else {
        users.put(username, hash);
      }
    }
    return users;
  }

  static Map<String, Set<String>> parseUserRoles(List<String> lines, Consumer<String> warnings) {
    Map<String, Set<String>> rolesByUser = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (isIgnored(line)) {
        continue;
      }
      int colon = line.indexOf(':');
      String role = colon < 0 ? "" : line.substring(0, colon).trim();
      if (!Validation.isValidName(role)) {
        warnings.accept("invalid entry in [" + USERS_ROLES + "] at line [" + (i + 1)
            + "]; skipping");
        continue;
      }
      for (String user : line.substring(colon + 1).split(",")) {
        String username = user.trim();
        if (username.isEmpty()) {
          continue;
        }
        if (Validation.isValidName(username)) {
          rolesByUser.computeIfAbsent(username, u -> new TreeSet<>()).add(role);
        } else {
          warnings.accept("invalid username [" + username + "] for role [" + role + "] in ["
              + USERS_ROLES + "] at line [" + (i + 1) + "]; skipping it");
        }
      }
    }
    return rolesByUser;
  }

  /** Rewrites {@code users} from the map, in its order. */
  void writeUsers(Map<String, String> hashesByUser) throws IOException {
    List<String> lines = new ArrayList<>();
    hashesByUser.forEach((user, hash) -> lines.add(user + ":" + hash));
    writeAtomically(usersFile(), lines);
  }

  /** Rewrites {@code users_roles} as one sorted {@code role:users} line per role. */
  void writeUserRoles(Map<String, ? extends Collection<String>> rolesByUser) throws IOException {
    Map<String, Set<String>> usersByRole = new TreeMap<>();
    rolesByUser.forEach((user, roles) -> roles.forEach(
        role -> usersByRole.computeIfAbsent(role, r -> new TreeSet<>()).add(user)));
    List<String> lines = new ArrayList<>();
    usersByRole.forEach((role, users) -> lines.add(role + ":" + String.join(",", users)));
    writeAtomically(usersRolesFile(), lines);
  }

  /** Adds a line at the end of the file, keeping every existing line as it is. */
  void appendLine(Path file, String line) throws IOException {
    List<String> lines = new ArrayList<>(readLines(file));
    lines.add(line);
    writeAtomically(file, lines);
  }

  /**
   * Runs the action while holding the conf folder's lock, shared by every process and thread
   * that changes these files (the users tool and the first-start bootstrap).
   */
  <T, E extends Exception> T locked(LockedAction<T, E> action) throws IOException, E {
    Files.createDirectories(confDir);
    Path lockFile = confDir.resolve(LOCK).toAbsolutePath().normalize();
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
    jvmLock.lock();
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock fileLock = channel.lock()) {
      return action.run();
    } finally {
      jvmLock.unlock();
    }
  }

  private static boolean isIgnored(String trimmedLine) {
    return trimmedLine.isEmpty() || trimmedLine.startsWith("#");
  }

  private static List<String> readLines(Path file) throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException missing) {
      return List.of();
    }
  }

  // Readers (the realm of every node) must never see a half-written file: write a temp file in
  // the same folder, flush it to disk, then rename it over the target.
  private static void writeAtomically(Path file, List<String> lines) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      copyPermissions(file, temp);
      String content = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  // The temp file starts owner-only (it holds password hashes); a file that already exists keeps
  // the permissions its administrator gave it.
  private static void copyPermissions(Path from, Path to) throws IOException {
    PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
    PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
    if (source != null && target != null && Files.exists(from)) {
      target.setPermissions(source.readAttributes().permissions());
    }
  }
}
