package io.infergate.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the realm and the role store in step with {@code users}, {@code users_roles} and
 * {@code roles.yml}: loads them at start, then polls their attributes and reloads on a change.
 * A file that cannot be read or parsed leaves the previous state in place.
 */
final class ConfReloader {

  private static final Logger LOG = System.getLogger(ConfReloader.class.getName());

  /** What the poll compares: a file that is rewritten differs in one of these. */
  private record Fingerprint(boolean exists, long size, long modified, long created) {
    static final Fingerprint MISSING = new Fingerprint(false, -1, -1, -1);

    static Fingerprint of(FileProps props) {
      return new Fingerprint(true, props.size(), props.lastModifiedTime(), props.creationTime());
    }
  }

  private final Vertx vertx;
  private final Path confDir;
  private final UserFiles userFiles;
  private final FileRealm realm;
  private final RoleStore roles;
  private final List<Path> watched;
  private final AtomicBoolean polling = new AtomicBoolean();
  private volatile List<Fingerprint> lastSeen = List.of();
  private volatile long timerId = -1;

  ConfReloader(Vertx vertx, Path confDir, FileRealm realm, RoleStore roles) {
    this.vertx = vertx;
    this.confDir = confDir;
    this.userFiles = new UserFiles(confDir);
    this.realm = realm;
    this.roles = roles;
    this.watched = List.of(userFiles.usersFile(), userFiles.usersRolesFile(),
        confDir.resolve(RolesFile.FILE_NAME));
  }

  /**
   * The first load. Unreadable user files fail it (the node could not authenticate anyone);
   * an unusable roles.yml only leaves the custom roles out.
   */
  Future<Void> loadInitial() {
    return fingerprints().compose(seen -> vertx.executeBlocking(() -> {
      synchronized (this) {
        realm.replaceUsers(readUsers());
        loadRoles();
        lastSeen = seen;
      }
      return null;
    }));
  }

  void watch(Duration interval) {
    timerId = vertx.setPeriodic(interval.toMillis(), id -> poll());
  }

  void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }

  /** Re-reads every file now, whether or not it changed. */
  Future<Void> reload() {
    return vertx.executeBlocking(() -> {
      reloadBlocking();
      return null;
    }, false);
  }

  private void poll() {
    if (!polling.compareAndSet(false, true)) {
      return;
    }
    fingerprints()
        .compose(seen -> {
          if (seen.equals(lastSeen)) {
            return Future.<Void>succeededFuture();
          }
          // Recorded before reading: a change made while reading is seen at the next poll.
          lastSeen = seen;
          return reload();
        })
        .onComplete(done -> polling.set(false));
  }

  private Future<List<Fingerprint>> fingerprints() {
    List<Future<Fingerprint>> props = watched.stream()
        .map(path -> vertx.fileSystem().props(path.toString())
            .map(Fingerprint::of)
            .otherwise(Fingerprint.MISSING))
        .toList();
    return Future.all(props).map(all -> all.<Fingerprint>list());
  }

  // Synchronized so that two reloads never apply in the wrong order: the one that runs last
  // read the files last.
  private synchronized void reloadBlocking() {
    try {
      realm.replaceUsers(readUsers());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot reload [" + UserFiles.USERS + "] and ["
          + UserFiles.USERS_ROLES + "] in [" + confDir + "]; keeping the previous users: " + e);
    }
    loadRoles();
  }

  private UserSnapshot readUsers() throws IOException {
    Map<String, String> hashes = userFiles.readUsers(ConfReloader::warn);
    Map<String, Set<String>> userRoles = userFiles.readUserRoles(ConfReloader::warn);
    return UserSnapshot.of(hashes, userRoles);
  }

  private void loadRoles() {
    try {
      roles.replaceCustom(RolesFile.read(confDir, ConfReloader::warn));
    } catch (RolesFile.InvalidRolesFileException e) {
      LOG.log(Level.WARNING, e.getMessage() + "; keeping the previous custom roles");
    }
  }

  private static void warn(String message) {
    LOG.log(Level.WARNING, message);
  }
}
