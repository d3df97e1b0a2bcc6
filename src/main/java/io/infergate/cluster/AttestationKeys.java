package io.infergate.cluster;

import io.infergate.secrets.ClusterKeyring;
import java.util.List;

/**
 * The keys a member proves with that it holds the cluster secret: answers to attestation
 * challenges are tagged with them, and checked with them ({@link ClusterKeyring}: a reload of the
 * keystore replaces them as a whole, so a challenge sees either the old keys or the new ones).
 */
public final class AttestationKeys {

  static final String PURPOSE = "infergate member attestation";

  private final ClusterKeyring keyring;

  public AttestationKeys(ClusterKeyring keyring) {
    this.keyring = keyring;
  }

  public AttestationKeys(byte[] clusterSecret, List<byte[]> decryptOnlySecrets) {
    this(new ClusterKeyring(clusterSecret, decryptOnlySecrets));
  }

  /** The answer of {@code member} to the challenge {@code nonce} sent by {@code challenger}. */
  String answer(String challenger, String member, String nonce) {
    return keyring.keys(PURPOSE).sign(content(challenger, member, nonce));
  }

  boolean verify(String tag, String challenger, String member, String nonce) {
    return keyring.keys(PURPOSE).verify(tag, content(challenger, member, nonce));
  }

  /** Both members and the nonce: an answer is good for one challenge, of one challenger, to one member. */
  private static String content(String challenger, String member, String nonce) {
    return "challenge\n" + challenger + "\n" + member + "\n" + nonce;
  }

  @Override
  public String toString() {
    return "AttestationKeys";
  }
}
