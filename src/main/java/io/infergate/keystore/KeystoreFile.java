package io.infergate.keystore;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The keystore file ({@code conf/infergate.keystore}): read and decrypted whole, written whole to a
 * temporary file of mode 0600 beside it and moved into place, so a reader sees the old file or the
 * new one, never half of one.
 */
public final class KeystoreFile {

  private static final Logger LOG = Logger.getLogger(KeystoreFile.class.getName());
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path path;

  public KeystoreFile(Path path) {
    this.path = path.toAbsolutePath().normalize();
  }

  public Path path() {
    return path;
  }

  public boolean exists() {
    return Files.exists(path);
  }

  public Keystore load(char[] password) {
    String text;
    try {
      warnIfReadableByOthers();
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KeystoreException("the keystore [" + path + "] does not exist; create it with: scripts/keystore create");
    } catch (IOException e) {
      throw new KeystoreException("cannot read the keystore [" + path + "]: " + e.getMessage(), e);
    }
    JsonObject container;
    try {
      container = new JsonObject(text);
    } catch (DecodeException e) {
      throw new KeystoreException("the keystore [" + path + "] is damaged: not a keystore file");
    }
    byte[] plaintext = KeystoreCipher.open(container, password, path.toString());
    try {
      Keystore keystore = Keystore.empty();
      for (Map.Entry<String, Object> entry : new JsonObject(new String(plaintext, StandardCharsets.UTF_8))) {
        keystore = keystore.with(entry.getKey(), Base64.getDecoder().decode((String) entry.getValue()));
      }
      return keystore;
    } catch (ClassCastException | IllegalArgumentException | DecodeException e) {
      throw new KeystoreException("the keystore [" + path + "] is damaged: its entries cannot be read");
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** Writes {@code keystore} over the file, or creates it. */
  public void save(Keystore keystore, char[] password) {
    Path temp = writeTemp(keystore, password);
    try {
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new KeystoreException("cannot write the keystore [" + path + "]: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the file with {@code keystore}; false, leaving the file as it is, when it already exists
   * (another node sharing the path may have created it a moment before).
   */
  public boolean createNew(Keystore keystore, char[] password) {
    Path temp = writeTemp(keystore, password);
    try {
      // A hard link fails when the target exists, where a move would replace it.
      Files.createLink(path, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | IOException e) {
      throw new KeystoreException("cannot create the keystore [" + path + "]: " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private Path writeTemp(Keystore keystore, char[] password) {
    JsonObject entries = new JsonObject();
    keystore.entries().forEach((name, value) -> entries.put(name, Base64.getEncoder().encodeToString(value)));
    byte[] plaintext = entries.encode().getBytes(StandardCharsets.UTF_8);
    byte[] sealed;
    try {
      sealed = KeystoreCipher.seal(plaintext, password).encodePrettily().getBytes(StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    Path temp = null;
    try {
      Path dir = path.getParent();
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp", ownerOnly(dir));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      return temp;
    } catch (IOException e) {
      if (temp != null) {
        deleteQuietly(temp);
      }
      throw new KeystoreException("cannot write the keystore [" + path + "]: " + e.getMessage(), e);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path dir) {
    return supportsPosix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  private static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Elasticsearch does not refuse such a keystore either; the warning says how to fix it. */
  private void warnIfReadableByOthers() throws IOException {
    if (!supportsPosix(path) || !Files.exists(path)) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
    if (!OWNER_ONLY.containsAll(permissions)) {
      LOG.warning(() -> "the keystore [" + path + "] has mode " + PosixFilePermissions.toString(permissions)
          + ": other users of this machine may read it; run: chmod 600 " + path);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temporary file holds only ciphertext
    }
  }
}
