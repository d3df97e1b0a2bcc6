package io.infergate.cluster;

import io.infergate.bus.EsError;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** The members a gateway does not count as attested right now, and what it tells clients about them. */
public record UnattestedMembers(List<Member> members) {

  /** A member that has not proven it holds the cluster secret: its id, its cluster address and why. */
  public record Member(UUID id, String address, String why) {
  }

  public UnattestedMembers {
    members = List.copyOf(members);
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** Why health is red, naming each member's address; empty when there is none. */
  public Optional<String> reason() {
    if (members.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(members.stream().map(member -> "cluster member [" + member.address() + "] (" + member.id()
        + ") is not attested: " + member.why()).collect(Collectors.joining("; ")));
  }

  /** The 503 a write gets meanwhile; empty when there is none. */
  public Optional<EsError> writeRefusal() {
    return reason().map(reason -> new EsError(503, "cluster_block_exception",
        reason + "; writes are refused until it answers or leaves the cluster"));
  }
}
