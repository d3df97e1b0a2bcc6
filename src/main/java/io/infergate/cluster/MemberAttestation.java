package io.infergate.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.infergate.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * This gateway's judgement of the other cluster members: each one, gateway or subscriber, is
 * challenged with a fresh nonce when it joins (and every member at this node's start) and counts
 * as attested once it answers with the tag only a holder of the cluster secret can make
 * ({@link AttestationAnswers}). One that answers wrongly or not in time is challenged again every
 * interval while it stays, and is reported once in the audit trail. While any member is not
 * attested, writes are refused and health is red; replication and every fan-out address attested
 * gateways only. The state lives on this verticle's context; the questions may come from any thread.
 */
public final class MemberAttestation extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(MemberAttestation.class.getName());
  /** Before a member's answering consumer is visible here, a challenge is sent again this often. */
  private static final long RETRY_DELAY_MS = 20;
  private static final int NONCE_BYTES = 16;
  private static final int MAX_WAITING_ASKS = 64;
  private static final String NOT_YET = "it joined the cluster and has not answered the attestation challenge yet";

  private final HazelcastInstance hazelcast;
  private final GatewayMembers members;
  private final AttestationKeys keys;
  private final long timeoutMs;
  private final long intervalMs;
  private final String nodeName;
  private final Clock clock;
  private final Consumer<JsonObject> securityEvents;
  private final Map<UUID, Candidate> candidates = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Promise<Void> firstRound = Promise.promise();
  private UUID membershipListener;
  private long timer = -1;
  /** Asks to be challenged that wait for their member to appear here (on this verticle's context). */
  private int waitingAsks;

  /**
   * @param timeoutMs      how long a member has to answer one challenge
   * @param intervalMs     how often a member that has not answered is challenged again
   * @param securityEvents where a member found unattested, and later attested, is recorded (the audit trail)
   */
  public MemberAttestation(HazelcastInstance hazelcast, AttestationKeys keys, long timeoutMs, long intervalMs,
      String nodeName, Clock clock, Consumer<JsonObject> securityEvents) {
    this.hazelcast = hazelcast;
    this.members = new GatewayMembers(hazelcast);
    this.keys = keys;
    this.timeoutMs = timeoutMs;
    this.intervalMs = intervalMs;
    this.nodeName = nodeName;
    this.clock = clock;
    this.securityEvents = securityEvents;
  }

  @Override
  public Future<?> start() {
    var consumer = vertx.eventBus().<Object>consumer(Addresses.challengeMe(members.self()), this::challengeAsked);
    membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        context.runOnContext(ignored -> track(event.getMember()));
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        context.runOnContext(ignored -> forget(event.getMember().getUuid()));
      }
    });
    timer = vertx.setPeriodic(intervalMs, tick -> challengeAgain());
    List<Future<Boolean>> first = others().stream().map(this::track).toList();
    Future.join(first).onComplete(done -> firstRound.tryComplete());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    // A member that crashed (or a test that killed it) has no cluster left to unregister from.
    if (membershipListener != null && members.running()) {
      hazelcast.getCluster().removeMembershipListener(membershipListener);
    }
    return Future.succeededFuture();
  }

  /** Completes once every member present at this node's start has answered its first challenge, or failed to in time. */
  public Future<Void> firstRound() {
    return firstRound.future();
  }

  /** This node, or a member that answered a challenge of this node. */
  public boolean isAttested(UUID member) {
    if (member.equals(members.self())) {
      return true;
    }
    Candidate candidate = candidates.get(member);
    return candidate != null && candidate.attested;
  }

  /**
   * Whether {@code id} names an attested member: by its Hazelcast member id, or by its Vert.x node
   * id (vertx-hazelcast keeps it in a member attribute; the subscriber API names itself with it).
   */
  public boolean isAttestedMember(String id) {
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (member.getUuid().toString().equals(id) || id.equals(member.getAttribute(GatewayMembers.VERTX_NODE_ID))) {
        return isAttested(member.getUuid());
      }
    }
    return false;
  }

  /** The gateway members that may be sent anything: attested ones (this node included), oldest first. */
  public List<UUID> attestedGateways() {
    if (!members.running()) {
      return List.of();  // stopped or crashed: nobody to send anything to
    }
    return members.gateways().stream().filter(this::isAttested).toList();
  }

  /** The current members not attested (yet), with their address and why: what refuses writes and turns health red. */
  public UnattestedMembers unattested() {
    List<UnattestedMembers.Member> found = new ArrayList<>();
    for (Member member : others()) {
      Candidate candidate = candidates.get(member.getUuid());
      if (candidate == null || !candidate.attested) {
        found.add(new UnattestedMembers.Member(member.getUuid(), address(member),
            candidate == null ? NOT_YET : candidate.why));
      }
    }
    return new UnattestedMembers(found);
  }

  private List<Member> others() {
    UUID self = members.self();
    return hazelcast.getCluster().getMembers().stream().filter(member -> !member.getUuid().equals(self)).toList();
  }

  private static String address(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }

  /** Starts following a member (if new) and challenges it unless it is attested or a challenge is under way. */
  private Future<Boolean> track(Member member) {
    if (member.getUuid().equals(members.self())) {
      return Future.succeededFuture(true);
    }
    Candidate candidate = candidates.computeIfAbsent(member.getUuid(), id -> new Candidate(id, address(member)));
    return challenge(candidate);
  }

  private void forget(UUID member) {
    Candidate candidate = candidates.remove(member);
    if (candidate != null && candidate.reported && !candidate.attested) {
      LOG.info(() -> "unattested cluster member [" + candidate.address + "] (" + member + ") left the cluster");
      record("member_unattested_left", candidate, null);
    }
  }

  /** Every interval: members joined or left unnoticed are settled, and the unattested challenged with a fresh nonce. */
  private void challengeAgain() {
    if (!members.running()) {
      return;  // a timer that fires after the member stopped, before this verticle is undeployed
    }
    List<Member> current = others();
    candidates.keySet().removeIf(id -> current.stream().noneMatch(member -> member.getUuid().equals(id)));
    current.forEach(this::track);
  }

  private Future<Boolean> challenge(Candidate candidate) {
    if (candidate.attested) {
      return Future.succeededFuture(true);
    }
    if (candidate.inFlight != null) {
      return candidate.inFlight;
    }
    byte[] bytes = new byte[NONCE_BYTES];
    random.nextBytes(bytes);
    String nonce = HexFormat.of().formatHex(bytes);
    long deadline = System.currentTimeMillis() + timeoutMs;
    Future<Boolean> settled = attempt(candidate, nonce, deadline).map(refusal -> settle(candidate, refusal));
    if (!settled.isComplete()) {
      candidate.inFlight = settled;
    }
    return settled;
  }

  /** Null when the member answered rightly, else why it is not attested. */
  private Future<String> attempt(Candidate candidate, String nonce, long deadline) {
    long remaining = deadline - System.currentTimeMillis();
    String self = members.self().toString();
    String noAnswer = "it did not answer the attestation challenge within " + timeoutMs + " ms";
    if (remaining <= 0) {
      return Future.succeededFuture(noAnswer);
    }
    JsonObject challenge = new JsonObject().put("challenger", self).put("nonce", nonce);
    return vertx.eventBus().<Object>request(Addresses.attest(candidate.id), challenge,
            new DeliveryOptions().setSendTimeout(remaining))
        .map(Message::body)
        .map(answer -> answer instanceof JsonObject json && json.getValue("tag") instanceof String tag
            && keys.verify(tag, self, candidate.id.toString(), nonce)
            ? null : "it answered the attestation challenge with a wrong tag (it does not hold the cluster secret)")
        .recover(failure -> {
          if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
              && candidates.get(candidate.id) == candidate) {
            // nothing answers on its address (yet): a process still starting, or one that never will
            return vertx.timer(RETRY_DELAY_MS).compose(fired -> attempt(candidate, nonce, deadline));
          }
          if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            return Future.succeededFuture("it refused the attestation challenge");
          }
          return Future.succeededFuture(noAnswer);
        });
  }

  private boolean settle(Candidate candidate, String refusal) {
    candidate.inFlight = null;
    if (candidates.get(candidate.id) != candidate) {
      return refusal == null;
    }
    if (refusal == null) {
      candidate.attested = true;
      if (candidate.reported) {
        LOG.info(() -> "cluster member [" + candidate.address + "] (" + candidate.id + ") is now attested");
        record("member_attested", candidate, null);
      }
      return true;
    }
    candidate.why = refusal;
    if (!candidate.reported) {
      candidate.reported = true;
      LOG.warning(() -> "security: cluster member [" + candidate.address + "] (" + candidate.id + ") is not attested: "
          + refusal + "; writes are refused and health is red until it answers or leaves");
      record("member_unattested", candidate, refusal);
    }
    return false;
  }

  private void record(String event, Candidate candidate, String reason) {
    JsonObject line = new JsonObject().put("@timestamp", clock.instant().toString()).put("node", nodeName)
        .put("event", event).put("member", candidate.id.toString()).put("address", candidate.address);
    if (reason != null) {
      line.put("reason", reason);
    }
    securityEvents.accept(line);
  }

  /** One member as this node knows it; changed on this verticle's context, read from any thread. */
  private static final class Candidate {
    final UUID id;
    final String address;
    volatile boolean attested;
    volatile String why = NOT_YET;
    boolean reported;
    Future<Boolean> inFlight;

    Candidate(UUID id, String address) {
      this.id = id;
      this.address = address;
    }
  }

  private void challengeAsked(Message<Object> message) {
    UUID member;
    try {
      member = UUID.fromString(((JsonObject) message.body()).getString("member"));
    } catch (RuntimeException e) {
      message.fail(400, "malformed request to be challenged");
      return;
    }
    Optional<Member> known = memberNamed(member);
    Future<Optional<Member>> joined;
    if (known.isPresent()) {
      joined = Future.succeededFuture(known);
    } else if (waitingAsks >= MAX_WAITING_ASKS) {
      joined = Future.succeededFuture(Optional.empty()); // anyone may ask: asks about no member cost little
    } else {
      waitingAsks++;
      joined = whenMember(member, System.currentTimeMillis() + timeoutMs).onComplete(done -> waitingAsks--);
    }
    joined.compose(found -> found.isPresent() ? track(found.get()) : Future.succeededFuture(false))
        .onComplete(done -> message.reply(new JsonObject().put("attested", done.succeeded() && done.result())));
  }

  private Optional<Member> memberNamed(UUID id) {
    return others().stream().filter(candidate -> candidate.getUuid().equals(id)).findFirst();
  }

  /** The member once this node sees it in the cluster (the asker may be seen here a moment after it sees us). */
  private Future<Optional<Member>> whenMember(UUID id, long deadline) {
    Optional<Member> member = memberNamed(id);
    if (member.isPresent() || System.currentTimeMillis() >= deadline) {
      return Future.succeededFuture(member);
    }
    return vertx.timer(RETRY_DELAY_MS).compose(fired -> whenMember(id, deadline));
  }
}
