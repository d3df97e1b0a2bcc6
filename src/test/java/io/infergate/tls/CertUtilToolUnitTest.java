package io.infergate.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertUtilToolUnitTest {

  @TempDir
  Path dir;

  @Test
  void makesACaAndANodeCertificateSignedByItWithTheNodesNames() throws Exception {
    Path caDir = dir.resolve("ca");
    String caOutput = run(0, "ca", "--out", caDir.toString());
    String nodeOutput = run(0, "cert", "--ca", caDir.toString(), "--name", "node-1", "--dns", "node-1.local,localhost",
        "--ip", "127.0.0.1,::1", "--out", dir.resolve("node-1").toString());

    X509Certificate ca = read(caDir.resolve("ca.crt"));
    X509Certificate node = read(dir.resolve("node-1/node-1.crt"));
    node.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(node.getBasicConstraints()).isEqualTo(-1);
    assertThat(node.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1)))
        .collect(Collectors.toList()))
        .contains("node-1.local", "localhost", "127.0.0.1").anyMatch(ip -> ip.startsWith("0:0:0:0:0:0:0:1"));
    assertThat(Files.readString(dir.resolve("node-1/node-1.crt")).split("-----BEGIN CERTIFICATE-----", -1))
        .as("the node's certificate then the CA's").hasSize(3);
    assertThat(node.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");

    String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getEncoded()));
    assertThat(caOutput).contains("CA SHA-256 fingerprint: " + fingerprint);
    assertThat(nodeOutput).contains("CA SHA-256 fingerprint: " + fingerprint);
    for (Path key : List.of(caDir.resolve("ca.key"), dir.resolve("node-1/node-1.key"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
      assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    }
  }

  @Test
  void refusesToOverwriteAKeyAndToTakeANameForAnAddress() {
    Path caDir = dir.resolve("ca");
    run(0, "ca", "--out", caDir.toString());
    assertThat(run(74, "ca", "--out", caDir.toString())).contains("ERROR").contains("ca.key");
    assertThat(run(74, "cert", "--ca", caDir.toString(), "--name", "n", "--ip", "example.com", "--out",
        dir.toString())).contains("not an IP address: [example.com]");
    assertThat(run(74, "cert", "--ca", caDir.toString(), "--name", "../n", "--out", dir.toString()))
        .contains("--name");
  }

  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = CertUtilTool.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(exit).as(err.toString()).isEqualTo(expectedExit);
    return out + err.toString();
  }

  private static X509Certificate read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
