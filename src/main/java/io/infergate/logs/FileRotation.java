package io.infergate.logs;

/**
 * When a log file is rotated and how many rotated files are kept beside the current one: at most
 * {@code maxBytes * (maxFiles + 1)} bytes on disk, give or take a line per writer sharing the file.
 */
public record FileRotation(long maxBytes, int maxFiles) {

  public FileRotation {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max_bytes must be at least 1, got [" + maxBytes + "]");
    }
    if (maxFiles < 0 || maxFiles > 1000) {
      throw new IllegalArgumentException("max_files must be between 0 and 1000, got [" + maxFiles + "]");
    }
  }
}
