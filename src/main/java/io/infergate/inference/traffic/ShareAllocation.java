package io.infergate.inference.traffic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one endpoint's limit is split between the gateway nodes, computed the same way on every node
 * from the same demand reports so that the shares add up to the limit. The limit goes max-min
 * fairly by demand (no node gets more than it asks while another wants more), every node counting
 * as wanting at least a small floor (so that a node whose clients just arrived admits at once,
 * before the next report), and what no one wants is split evenly (headroom for demand that grows
 * before the next report).
 */
final class ShareAllocation {

  /** The part of the limit every gateway may use whatever its demand, split evenly between them. */
  static final double FLOOR = 0.05;

  private ShareAllocation() {
  }

  /**
   * @param limit    the endpoint's requests per minute for the whole cluster
   * @param gateways every gateway node now in the cluster
   * @param demand   requests per minute each node wants (absent: none)
   * @return each gateway's requests per minute; they add up to {@code limit}
   */
  static Map<String, Double> shares(double limit, Collection<String> gateways, Map<String, Double> demand) {
    Map<String, Double> shares = new HashMap<>();
    if (gateways.isEmpty()) {
      return shares;
    }
    int count = gateways.size();
    double floor = limit * FLOOR / count;
    Map<String, Double> wanted = new HashMap<>();
    gateways.forEach(node -> wanted.put(node, Math.max(floor, demand.getOrDefault(node, 0.0))));
    List<String> byDemand = new ArrayList<>(gateways);
    byDemand.sort((a, b) -> {
      int order = Double.compare(wanted.get(a), wanted.get(b));
      return order != 0 ? order : a.compareTo(b);
    });
    double remaining = limit;
    int left = count;
    for (String node : byDemand) {
      double given = Math.min(wanted.get(node), remaining / left);
      shares.put(node, given);
      remaining -= given;
      left--;
    }
    double spare = remaining / count;
    if (spare > 0) {
      shares.replaceAll((node, share) -> share + spare);
    }
    return shares;
  }
}
