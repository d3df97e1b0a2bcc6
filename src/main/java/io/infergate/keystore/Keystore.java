package io.infergate.keystore;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The secure settings of a keystore, by name; immutable, every value handed out as a copy. */
public final class Keystore {

  /** The secret every node of a cluster shares; created at first start or by {@code keystore create}. */
  public static final String CLUSTER_SECRET = "cluster.secret";
  /** The durable store's (PostgreSQL's) password. */
  public static final String STORE_PASSWORD = "store.password";
  /**
   * Earlier cluster secrets, kept during a rotation so that values sealed under them still open
   * ({@code cluster.decrypt_only_secret}, or several as {@code cluster.decrypt_only_secret.<n>}).
   */
  public static final String DECRYPT_ONLY_SECRET = "cluster.decrypt_only_secret";
  /** The variable holding the keystore's password for the node and the tool; none for an unprotected keystore. */
  public static final String PASSWORD_VARIABLE = "INFERGATE_KEYSTORE_PASSWORD";

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

  private final Map<String, byte[]> entries;

  private Keystore(Map<String, byte[]> entries) {
    this.entries = entries;
  }

  public static Keystore empty() {
    return new Keystore(new TreeMap<>());
  }

  /** Throws when {@code name} is not a setting name: lower-case dotted, as {@code cluster.secret}. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new KeystoreException("invalid setting name [" + name
          + "]: lower-case letters, digits and underscores, in parts separated by dots (as cluster.secret)");
    }
    return name;
  }

  public Keystore with(String name, byte[] value) {
    TreeMap<String, byte[]> copy = new TreeMap<>(entries);
    copy.put(checkName(name), value.clone());
    return new Keystore(copy);
  }

  public Keystore without(String name) {
    TreeMap<String, byte[]> copy = new TreeMap<>(entries);
    copy.remove(name);
    return new Keystore(copy);
  }

  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  public Optional<byte[]> get(String name) {
    return Optional.ofNullable(entries.get(name)).map(byte[]::clone);
  }

  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(entries.keySet()));
  }

  Map<String, byte[]> entries() {
    return Collections.unmodifiableMap(entries);
  }

  /** Overwrites the values held here; for a keystore no longer needed. */
  public void wipe() {
    entries.values().forEach(value -> Arrays.fill(value, (byte) 0));
  }
}
