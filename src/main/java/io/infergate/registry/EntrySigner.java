package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import io.infergate.secrets.ClusterKeyring;
import io.infergate.secrets.IntegrityKeys;
import java.util.List;

/**
 * Signs the registry's entries and checks their signatures, on every gateway and on the partition
 * owners that run the registry's entry processors. A Hazelcast member without the cluster secret can
 * write raw values into the maps; only values whose MAC verifies are ever taken into a view, stored or
 * built on. The MAC is the last field of the stored text ({@code "entry_mac":"kid:base64"}), over
 * the kind, the id and the text before it, so an entry cannot be moved to another id or kind.
 *
 * <p>The node's instance is in the Hazelcast user context ({@link #of}), where entry processors find it.
 */
public final class EntrySigner {

  public static final String PURPOSE = "infergate registry entries";
  private static final String ACK_PURPOSE = "infergate view acknowledgments";
  static final String CONTEXT_KEY = "infergate.entry-signer";
  static final String TAG_FIELD = "entry_mac";
  private static final String TAG_MARK = ",\"" + TAG_FIELD + "\":\"";
  private static final String TAG_END = "\"}";

  private final ClusterKeyring keyring;
  private volatile RefusedEntries refused = (kind, id, where) -> { };

  /** Where an entry without a valid MAC is reported (the node's log and audit trail); called on any thread. */
  public interface RefusedEntries {
    void refused(String kind, String id, String where);
  }

  public EntrySigner(ClusterKeyring keyring) {
    this.keyring = keyring;
  }

  public EntrySigner(byte[] clusterSecret, List<byte[]> verifyOnly) {
    this(new ClusterKeyring(clusterSecret, verifyOnly));
  }

  private IntegrityKeys keys() {
    return keyring.keys(PURPOSE);
  }

  private IntegrityKeys acks() {
    return keyring.keys(ACK_PURPOSE);
  }

  /**
   * What a gateway answers when its view applied a change: proof that a holder of the cluster secret
   * applied this change as {@code member}. Anyone can register a consumer on a gateway's view address
   * and get some of its messages; without the key it cannot acknowledge one.
   */
  String acknowledgment(String member, String kind, String id, long revision) {
    return acks().sign(ackContent(member, kind, id, revision));
  }

  boolean isAcknowledgment(Object reply, String member, String kind, String id, long revision) {
    return reply instanceof String tag && acks().verify(tag, ackContent(member, kind, id, revision));
  }

  private static String ackContent(String member, String kind, String id, long revision) {
    return member + '\n' + kind + '\n' + id + '\n' + revision;
  }

  /** Reports refused entries to {@code listener} from now on (the registry, once the audit trail is open). */
  public void onRefused(RefusedEntries listener) {
    refused = listener;
  }

  void report(String kind, String id, String where) {
    refused.refused(kind, id, where);
  }

  /** The signer of the node that {@code hazelcast} belongs to. */
  public static EntrySigner of(HazelcastInstance hazelcast) {
    Object signer = hazelcast.getUserContext().get(CONTEXT_KEY);
    if (!(signer instanceof EntrySigner entrySigner)) {
      throw new IllegalStateException("this member has no registry entry signer: it was not configured by "
          + "RegistryLayout");
    }
    return entrySigner;
  }

  /** The entries of one document kind. */
  public EntrySeal forKind(String kind) {
    return new EntrySeal(this, kind);
  }

  /** {@code unsigned} (a JSON object's text) with its MAC appended as its last field. */
  String sign(String kind, String id, String unsigned) {
    String head = unsigned.substring(0, unsigned.length() - 1);
    if (!unsigned.endsWith("}") || head.isBlank() || head.endsWith("{")) {
      throw new IllegalArgumentException("not the text of a stored entry");
    }
    return head + TAG_MARK + keys().sign(content(kind, id, unsigned)) + TAG_END;
  }

  boolean verify(String kind, String id, String encoded) {
    String tag = tagOf(encoded);
    return tag != null && keys().verify(tag, content(kind, id, unsignedPart(encoded)));
  }

  /** Whether the entry is signed with the current key (not only with one kept during a rotation). */
  boolean isCurrent(String encoded) {
    return keys().isCurrent(tagOf(encoded));
  }

  static boolean isSigned(String encoded) {
    return tagOf(encoded) != null;
  }

  private static String content(String kind, String id, String unsigned) {
    return kind + '\n' + id + '\n' + unsigned;
  }

  private static String tagOf(String encoded) {
    if (encoded == null || !encoded.endsWith(TAG_END)) {
      return null;
    }
    int mark = encoded.lastIndexOf(TAG_MARK);
    return mark < 0 ? null : encoded.substring(mark + TAG_MARK.length(), encoded.length() - TAG_END.length());
  }

  private static String unsignedPart(String encoded) {
    return encoded.substring(0, encoded.lastIndexOf(TAG_MARK)) + "}";
  }
}
