package io.infergate.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An append-only file rotated by size: once a write would take it past {@link FileRotation#maxBytes()},
 * {@code name} becomes {@code name.1}, {@code name.1} becomes {@code name.2} and so on, and the
 * oldest beyond {@link FileRotation#maxFiles()} is dropped. Writes block: call it off the event loop.
 *
 * <p>Several writers, in this process or others, may share one file (local nodes share the audit
 * trail): each write is one append, rotation happens under a lock file, and a writer whose file
 * was rotated by another reopens the new one before its next write.
 */
public final class RotatingFile implements Closeable {

  /** A file lock is held per process: writers of this process take turns on a monitor first. */
  private static final ConcurrentHashMap<Path, Object> ROTATING = new ConcurrentHashMap<>();

  private final Path path;
  private final Path lockPath;
  private final FileRotation rotation;
  private FileChannel channel;
  private Object openedKey;

  public RotatingFile(Path path, FileRotation rotation) throws IOException {
    this.path = path.toAbsolutePath().normalize();
    this.lockPath = this.path.resolveSibling(this.path.getFileName() + ".lock");
    this.rotation = rotation;
    Files.createDirectories(this.path.getParent());
    open();
  }

  public synchronized void append(byte[] bytes) throws IOException {
    if (channel == null) {
      throw new IOException("[" + path + "] is closed");
    }
    reopenIfMoved();
    if (channel.size() > 0 && channel.size() + bytes.length > rotation.maxBytes()) {
      rotate(bytes.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  public Path path() {
    return path;
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private void rotate(int incoming) throws IOException {
    synchronized (ROTATING.computeIfAbsent(path, p -> new Object())) {
      try (FileChannel lockChannel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = lockChannel.lock()) {
        // Another writer may have rotated while this one waited for the lock.
        reopenIfMoved();
        if (channel.size() == 0 || channel.size() + incoming <= rotation.maxBytes()) {
          return;
        }
        shift();
        channel.close();
        open();
      }
    }
  }

  private void shift() throws IOException {
    Files.deleteIfExists(numbered(rotation.maxFiles()));
    for (int n = rotation.maxFiles() - 1; n >= 1; n--) {
      if (Files.exists(numbered(n))) {
        Files.move(numbered(n), numbered(n + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (rotation.maxFiles() > 0) {
      Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(path);
    }
  }

  private Path numbered(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  private void reopenIfMoved() throws IOException {
    if (!Objects.equals(currentKey(), openedKey)) {
      channel.close();
      open();
    }
  }

  private void open() throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    openedKey = currentKey();
  }

  /** The identity (device and inode) of the file now at {@link #path}, or null when there is none. */
  private Object currentKey() throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
