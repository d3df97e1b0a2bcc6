package io.infergate.cluster;

import io.infergate.secrets.IntegrityKeys;
import java.util.List;

/**
 * The keys a member proves with that it holds the cluster secret: answers to attestation
 * challenges are tagged with them, and checked with them. Replaced as a whole when the node reloads
 * its keystore, so a challenge in progress sees either the old keys or the new ones.
 */
public final class AttestationKeys {

  static final String PURPOSE = "infergate member attestation";

  private volatile IntegrityKeys keys;

  public AttestationKeys(byte[] clusterSecret, List<byte[]> decryptOnlySecrets) {
    replace(clusterSecret, decryptOnlySecrets);
  }

  public void replace(byte[] clusterSecret, List<byte[]> decryptOnlySecrets) {
    keys = IntegrityKeys.forPurpose(PURPOSE, clusterSecret, decryptOnlySecrets);
  }

  /** The answer of {@code member} to the challenge {@code nonce} sent by {@code challenger}. */
  String answer(String challenger, String member, String nonce) {
    return keys.sign(content(challenger, member, nonce));
  }

  boolean verify(String tag, String challenger, String member, String nonce) {
    return keys.verify(tag, content(challenger, member, nonce));
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
