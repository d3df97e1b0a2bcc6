package io.infergate.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The store's directory and files readable by their owner only (0700, 0600), where the file system
 * has POSIX permissions; elsewhere they are created as the platform creates them.
 */
final class PrivateFiles {

  private static final Logger LOG = Logger.getLogger(PrivateFiles.class.getName());
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {
  }

  /**
   * Creates the directory 0700 when missing. One that exists is left as it is (it may be a directory
   * the store shares, such as the working directory), with a warning when others can enter it.
   */
  static void directory(Path directory) {
    try {
      if (Files.isDirectory(directory)) {
        String permissions = isPosix(directory)
            ? PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)) : "rwx------";
        if (!permissions.equals("rwx------")) {
          LOG.warning(() -> "the store's directory " + directory + " is " + permissions
              + ": make it rwx------ (chmod 700) so that only this user reads the registry's files");
        }
        return;
      }
      if (isPosix(directory)) {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
      } else {
        Files.createDirectories(directory);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory " + directory, e);
    }
  }

  /** Creates the file 0600 when missing, and makes it 0600 when it exists. */
  static void file(Path file) {
    try {
      if (!isPosix(file)) {
        return;
      }
      FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(FILE);
      try {
        Files.createFile(file, ownerOnly);
      } catch (FileAlreadyExistsException exists) {
        Files.setPosixFilePermissions(file, FILE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + file + " readable by its owner only", e);
    }
  }

  /** Makes the file 0600 if it exists. */
  static void ifExists(Path file) {
    if (Files.exists(file)) {
      file(file);
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
