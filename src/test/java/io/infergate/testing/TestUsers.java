package io.infergate.testing;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A conf directory with one user per built-in role, written in Elasticsearch's file-realm formats. */
public final class TestUsers {

  public static final String PASSWORD = "test-password";
  public static final String ELASTIC = "elastic";
  public static final String ADMIN = "admin";
  public static final String READER = "reader";
  /** Holds only a custom role with no inference privilege. */
  public static final String OUTSIDER = "outsider";

  private TestUsers() {
  }

  public static Path write(Path confDir) {
    try {
      Files.createDirectories(confDir);
      StringBuilder users = new StringBuilder();
      for (String user : new String[] {ELASTIC, ADMIN, READER, OUTSIDER}) {
        // Cost 4 keeps tests fast; the realm accepts any bcrypt cost.
        users.append(user).append(':').append(BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray())).append('\n');
      }
      Files.writeString(confDir.resolve("users"), users);
      Files.writeString(confDir.resolve("users_roles"), String.join("\n",
          "superuser:" + ELASTIC, "inference_admin:" + ADMIN, "inference_user:" + READER,
          "watcher_only:" + OUTSIDER, ""));
      // A role that grants nothing: one naming a privilege Infergate does not know (manage_watcher)
      // was skipped with a WARNING at every start of every test node.
      Files.writeString(confDir.resolve("roles.yml"), "watcher_only:\n  cluster: [ ]\n");
      return confDir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
