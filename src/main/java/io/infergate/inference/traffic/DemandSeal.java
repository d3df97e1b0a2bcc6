package io.infergate.inference.traffic;

import io.infergate.secrets.IntegrityKeys;
import java.util.List;

/**
 * The tag of a demand report: any member can publish on the demand address, and a report under a
 * made-up or another gateway's name would shrink every real gateway's share of a limit. Only reports
 * tagged by a holder of the cluster secret count. Replaced as a whole when the keystore is reloaded.
 */
public final class DemandSeal {

  static final String HEADER = "x-infergate-demand-tag";
  private static final String PURPOSE = "infergate traffic demand";

  private volatile IntegrityKeys keys;

  public DemandSeal(byte[] clusterSecret, List<byte[]> verifyOnly) {
    replace(clusterSecret, verifyOnly);
  }

  public void replace(byte[] clusterSecret, List<byte[]> verifyOnly) {
    keys = IntegrityKeys.forPurpose(PURPOSE, clusterSecret, verifyOnly);
  }

  String tag(String encodedReport) {
    return keys.sign(encodedReport);
  }

  boolean verify(String tag, String encodedReport) {
    return keys.verify(tag, encodedReport);
  }
}
