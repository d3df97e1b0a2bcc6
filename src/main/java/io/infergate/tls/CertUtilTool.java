package io.infergate.tls;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Makes the certificates of a TLS cluster, like {@code elasticsearch-certutil}: {@code ca} a
 * certificate authority, {@code cert} a node certificate signed by it. Both print the CA's SHA-256
 * fingerprint, which clients pin as {@code caFingerprint}. PEM files; keys mode 0600.
 */
@Command(name = "certutil", mixinStandardHelpOptions = true,
    description = "Makes a CA and node certificates (PEM) for TLS on HTTP, the event bridge and the event bus.",
    subcommands = {CertUtilTool.Ca.class, CertUtilTool.Cert.class})
public final class CertUtilTool implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command; the exit code, 0 on success. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine command = new CommandLine(new CertUtilTool());
    command.setOut(out);
    command.setErr(err);
    command.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("ERROR: " + e.getMessage());
      return 74;
    });
    return command.execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return CommandLine.ExitCode.USAGE;
  }

  /** {@code --days}, as both commands take it. */
  static final class Validity {

    @Option(names = "--days", defaultValue = "1095", description = "Validity in days (${DEFAULT-VALUE}).")
    int days;

    Duration duration() {
      return Duration.ofDays(days);
    }
  }

  @Command(name = "ca", mixinStandardHelpOptions = true,
      description = "Writes a new CA (ca.crt, ca.key) into --out and prints its SHA-256 fingerprint.")
  static final class Ca implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Folder for ca.crt and ca.key (created if absent).")
    Path out;

    @Option(names = "--name", defaultValue = "Infergate CA", description = "The CA's common name (${DEFAULT-VALUE}).")
    String name;

    @Mixin
    Validity validity;

    @Override
    public Integer call() throws Exception {
      CertificateAuthority ca = CertificateAuthority.create(name, validity.duration());
      ca.write(out);
      PrintWriter printed = spec.commandLine().getOut();
      printed.println("CA certificate: " + out.resolve(CertificateAuthority.CERTIFICATE_FILE));
      printed.println("CA key (keep it private): " + out.resolve(CertificateAuthority.KEY_FILE));
      printed.println("CA SHA-256 fingerprint: " + ca.fingerprint());
      return 0;
    }
  }

  @Command(name = "cert", mixinStandardHelpOptions = true,
      description = "Writes a node certificate signed by the CA in --ca (NAME.crt, NAME.key) into --out.")
  static final class Cert implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--ca", required = true, description = "Folder holding ca.crt and ca.key.")
    Path caDir;

    @Option(names = "--name", required = true, description = "The node's name: the certificate's common name and file names.")
    String name;

    @Option(names = "--dns", split = ",", description = "DNS names the node is reached by, comma-separated.")
    List<String> dns = List.of();

    @Option(names = "--ip", split = ",", description = "IP addresses the node is reached by, comma-separated.")
    List<String> ips = List.of();

    @Option(names = "--out", required = true, description = "Folder for NAME.crt and NAME.key (created if absent).")
    Path out;

    @Mixin
    Validity validity;

    @Override
    public Integer call() throws Exception {
      if (!name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("--name must be letters, digits, '.', '_' or '-': it names the files");
      }
      CertificateAuthority ca = CertificateAuthority.load(caDir);
      NodeCertificate node = ca.issue(name, dns, ips, validity.duration());
      node.write(out);
      PrintWriter printed = spec.commandLine().getOut();
      printed.println("certificate: " + node.certificateFile(out));
      printed.println("key: " + node.keyFile(out));
      printed.println("CA SHA-256 fingerprint: " + ca.fingerprint());
      return 0;
    }
  }
}
