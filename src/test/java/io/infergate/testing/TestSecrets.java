package io.infergate.testing;

import io.infergate.accounts.AccountKinds;
import io.infergate.bus.RequestSigner;
import io.infergate.endpoints.EndpointKind;
import io.infergate.registry.EntrySeal;
import io.infergate.registry.EntrySigner;
import io.infergate.secrets.BusRequestKey;
import io.infergate.secrets.SecretCipher;
import io.infergate.secrets.SecretKeys;
import io.infergate.secrets.SecretSettingsCodec;
import com.hazelcast.core.HazelcastInstance;
import io.infergate.cluster.AttestationAnswers;
import io.infergate.cluster.AttestationKeys;
import io.infergate.cluster.GatewayMembers;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/** The cluster secret every {@link TestCluster} node gets, and the endpoints' kind sealed with it. */
public final class TestSecrets {

  public static final String CLUSTER_SECRET_HEX = "5eed0f1e57c1a55e7a11ce5ec2e75e7a11ce5eed0f1e57c1a55e7a11ce5ec2e7";

  public static final EndpointKind ENDPOINTS = endpointKind(CLUSTER_SECRET_HEX);

  /** The users', roles' and API keys' kinds sealed with the test clusters' secret. */
  public static final AccountKinds ACCOUNTS =
      AccountKinds.sealedWith(new SecretSettingsCodec(cipher(CLUSTER_SECRET_HEX)));

  /** Signs registry entries as the nodes do. */
  public static final EntrySigner ENTRY_SIGNER = new EntrySigner(clusterSecret(), List.of());

  /** The endpoints' entries as the nodes sign them. */
  public static final EntrySeal ENDPOINT_ENTRIES = ENTRY_SIGNER.forKind(EndpointKind.NAME);

  private TestSecrets() {
  }

  /** The cluster secret, as a subscriber reads it from the cluster's keystore. */
  /** The events' signatures of a gateway of the test clusters. */
  public static io.infergate.events.EventIntegrity eventIntegrity() {
    return io.infergate.events.EventIntegrity.forGateway("test",
        new io.infergate.secrets.ClusterKeyring(clusterSecret(), List.of()), Clock.systemUTC());
  }

  public static byte[] clusterSecret() {
    return HexFormat.of().parseHex(CLUSTER_SECRET_HEX);
  }

  /** Signs bus requests to the registry as a process holding the cluster's keystore does. */
  public static RequestSigner busSigner() {
    return new RequestSigner(BusRequestKey.fromClusterSecret(clusterSecret()), Clock.systemUTC());
  }

  /**
   * Makes a clustered Vert.x that is not a gateway node answer the gateways' attestation challenges
   * with the cluster secret, as a subscriber does, and waits until every gateway has attested it.
   */
  public static void answerChallenges(Vertx vertx) {
    HazelcastInstance hazelcast =
        ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance();
    GatewayMembers members = new GatewayMembers(hazelcast);
    TestCluster.await(AttestationAnswers.answer(vertx, new AttestationKeys(clusterSecret(), List.of()), members.self())
        .compose(answering -> AttestationAnswers.askGateways(vertx, members, 10_000)));
  }

  public static SecretCipher cipher(String clusterSecretHex) {
    return new SecretCipher(SecretKeys.fromClusterSecret(HexFormat.of().parseHex(clusterSecretHex)));
  }

  public static EndpointKind endpointKind(String clusterSecretHex) {
    return new EndpointKind(new SecretSettingsCodec(cipher(clusterSecretHex)));
  }
}
