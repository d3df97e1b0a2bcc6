package io.infergate.keystore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What a node does with its keystore at start, before it joins the cluster: creates it with a
 * random cluster secret when absent, writes a store password given by the environment into it,
 * and reads the node's secrets from it.
 */
public final class NodeKeystore {

  /** The variable that seeds {@code store.password} into the keystore. */
  public static final String STORE_PASSWORD_VARIABLE = "INFERGATE_STORE_PASSWORD";

  private static final Logger LOG = Logger.getLogger(NodeKeystore.class.getName());
  private static final int CLUSTER_SECRET_BYTES = 32;
  /** Keystore settings ending so are passwords the node's configuration refers to, e.g. http.ssl.keystore.secure_password. */
  public static final String SECURE_PASSWORD_SUFFIX = ".secure_password";

  private NodeKeystore() {
  }

  /**
   * The node's secrets from {@code file}. {@code seededStorePassword} (the environment's) is written
   * into the keystore when it has no store password; {@code configuredStorePassword} (the node
   * configuration's, deprecated) is used only when the keystore has none.
   */
  public static NodeSecrets open(KeystoreFile file, char[] password, Optional<String> seededStorePassword,
      Optional<String> configuredStorePassword) {
    boolean fresh = !file.exists();
    Keystore read = fresh ? Keystore.empty() : load(file, password);
    List<String> changes = new ArrayList<>();
    Keystore keystore = read;
    if (!keystore.contains(Keystore.CLUSTER_SECRET)) {
      keystore = keystore.with(Keystore.CLUSTER_SECRET, KeystoreCipher.random(CLUSTER_SECRET_BYTES));
      changes.add("a new random cluster.secret");
    }
    if (!keystore.contains(Keystore.STORE_PASSWORD) && seededStorePassword.isPresent()) {
      keystore = keystore.with(Keystore.STORE_PASSWORD, seededStorePassword.get().getBytes(StandardCharsets.UTF_8));
      changes.add("store.password from " + STORE_PASSWORD_VARIABLE);
    }
    if (keystore != read) {
      if (fresh && !file.createNew(keystore, password)) {
        // Another node sharing this file created it first: use that one.
        return open(file, password, seededStorePassword, configuredStorePassword);
      }
      if (!fresh) {
        file.save(keystore, password);
      }
      String fingerprint = Fingerprint.of(keystore.get(Keystore.CLUSTER_SECRET).orElseThrow());
      LOG.info((fresh ? "created the keystore [" : "updated the keystore [") + file.path() + "] with "
          + String.join(" and ", changes) + " (cluster.secret fingerprint " + fingerprint
          + "); copy it to every node of this cluster");
    }
    return secrets(keystore, configuredStorePassword, file);
  }

  /**
   * The {@code cluster.secret} of an existing keystore, for a process that joins the cluster without
   * being a node (a subscriber): it never creates the keystore.
   */
  public static byte[] clusterSecret(KeystoreFile file, char[] password) {
    if (!file.exists()) {
      throw new KeystoreException("the keystore [" + file.path() + "] does not exist; copy the cluster's keystore "
          + "(conf/infergate.keystore of one of its nodes) there");
    }
    Keystore keystore = load(file, password);
    try {
      return keystore.get(Keystore.CLUSTER_SECRET).orElseThrow(() -> new KeystoreException("the keystore ["
          + file.path() + "] has no " + Keystore.CLUSTER_SECRET + "; copy the cluster's keystore here"));
    } finally {
      keystore.wipe();
    }
  }

  private static Keystore load(KeystoreFile file, char[] password) {
    try {
      return file.load(password);
    } catch (KeystoreException e) {
      throw e.wrongPasswordOrAltered()
          ? e.withHint("a node takes the keystore's password from " + Keystore.PASSWORD_VARIABLE) : e;
    }
  }

  private static NodeSecrets secrets(Keystore keystore, Optional<String> configuredStorePassword, KeystoreFile file) {
    Optional<String> storePassword = keystore.get(Keystore.STORE_PASSWORD)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    if (configuredStorePassword.isPresent()) {
      LOG.warning(storePassword.isPresent()
          ? "store.password in the node configuration is ignored: the keystore [" + file.path()
              + "] has one; remove it from the configuration"
          : "store.password in the node configuration is deprecated: move it into the keystore with "
              + "scripts/keystore add store.password --stdin, then remove it from the configuration");
      storePassword = storePassword.or(() -> configuredStorePassword);
    }
    byte[] clusterSecret = keystore.get(Keystore.CLUSTER_SECRET).orElseThrow();
    List<byte[]> decryptOnly = keystore.names().stream()
        .filter(name -> name.equals(Keystore.DECRYPT_ONLY_SECRET) || name.startsWith(Keystore.DECRYPT_ONLY_SECRET + "."))
        .map(name -> keystore.get(name).orElseThrow())
        .toList();
    Map<String, String> securePasswords = new HashMap<>();
    keystore.names().stream().filter(name -> name.endsWith(SECURE_PASSWORD_SUFFIX)).forEach(name ->
        securePasswords.put(name, new String(keystore.get(name).orElseThrow(), StandardCharsets.UTF_8)));
    try {
      return new NodeSecrets(clusterSecret, decryptOnly, storePassword, securePasswords);
    } finally {
      java.util.Arrays.fill(clusterSecret, (byte) 0);
      decryptOnly.forEach(secret -> java.util.Arrays.fill(secret, (byte) 0));
      keystore.wipe();
    }
  }
}
