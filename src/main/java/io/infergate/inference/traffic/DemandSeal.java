package io.infergate.inference.traffic;

import io.infergate.secrets.ClusterKeyring;
import java.util.List;

/**
 * The tag of a demand report: any member can publish on the demand address, and a report under a
 * made-up or another gateway's name would shrink every real gateway's share of a limit. Only reports
 * tagged by a holder of the cluster secret count.
 */
public final class DemandSeal {

  static final String HEADER = "x-infergate-demand-tag";
  private static final String PURPOSE = "infergate traffic demand";

  private final ClusterKeyring keyring;

  public DemandSeal(ClusterKeyring keyring) {
    this.keyring = keyring;
  }

  public DemandSeal(byte[] clusterSecret, List<byte[]> verifyOnly) {
    this(new ClusterKeyring(clusterSecret, verifyOnly));
  }

  String tag(String encodedReport) {
    return keyring.keys(PURPOSE).sign(encodedReport);
  }

  boolean verify(String tag, String encodedReport) {
    return keyring.keys(PURPOSE).verify(tag, encodedReport);
  }
}
