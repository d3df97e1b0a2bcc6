package io.infergate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The node's process id in a file, written once the node listens on every port and removed when it
 * stops, as Elasticsearch's {@code -p}: a script that started the node knows from it that the
 * process answering the node's ports is the one it started, not another one already there.
 */
final class PidFile {

  private PidFile() {
  }

  static void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      Files.writeString(partial, ProcessHandle.current().pid() + "\n");
      // Whole or not at all: a reader never sees half a number.
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the pid file " + file, e);
    }
  }

  /** Removes the file if it still names this process (a later node may have taken it over). */
  static void remove(Path file) {
    try {
      if (Files.readString(file).trim().equals(String.valueOf(ProcessHandle.current().pid()))) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // already gone
    }
  }
}
