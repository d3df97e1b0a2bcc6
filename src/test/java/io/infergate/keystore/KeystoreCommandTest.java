package io.infergate.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/keystore}, driven in process on a real file. */
class KeystoreCommandTest {

  @TempDir
  Path dir;

  private final Map<String, String> environment = new HashMap<>();
  private final Deque<String> answers = new ArrayDeque<>();

  private record Run(int exitCode, String out, String err) {
  }

  @Test
  void createsAKeystoreWithAClusterSecretAndRefusesToReplaceItUnlessForced() {
    Run created = keystore("", "create");
    assertThat(created.exitCode()).isZero();
    String fingerprint = keystore("", "show-fingerprint").out().strip();
    assertThat(fingerprint).matches("[0-9a-f]{64}");
    assertThat(created.out()).contains(fingerprint).contains(file().toString());
    assertThat(keystore("", "list").out()).isEqualTo("cluster.secret\n");

    Run again = keystore("", "create");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already exists; --force replaces it");
    assertThat(keystore("", "show-fingerprint").out().strip()).isEqualTo(fingerprint);

    assertThat(keystore("", "create", "--force").exitCode()).isZero();
    assertThat(keystore("", "show-fingerprint").out().strip()).isNotEqualTo(fingerprint);
  }

  @Test
  void addsSettingsFromStdinAPromptOrAFileAndListsOnlyTheirNames() throws Exception {
    keystore("", "create");
    assertThat(keystore("pg-secret\n", "add", "store.password", "--stdin").exitCode()).isZero();
    answers.add("prompted-value");
    assertThat(keystore("", "add", "providers.openai_key").exitCode()).isZero();
    Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN KEY-----\n");
    assertThat(keystore("", "add-file", "http.ssl.key", pem.toString()).exitCode()).isZero();

    Run list = keystore("", "list");
    assertThat(list.out()).isEqualTo("cluster.secret\nhttp.ssl.key\nproviders.openai_key\nstore.password\n");
    assertThat(list.out() + list.err()).doesNotContain("pg-secret").doesNotContain("prompted-value");
    Keystore read = new KeystoreFile(file()).load(new char[0]);
    assertThat(read.get("store.password")).contains(utf8("pg-secret"));
    assertThat(read.get("providers.openai_key")).contains(utf8("prompted-value"));
    assertThat(read.get("http.ssl.key")).contains(utf8("-----BEGIN KEY-----\n"));

    Run duplicate = keystore("other\n", "add", "store.password", "--stdin");
    assertThat(duplicate.exitCode()).isEqualTo(1);
    assertThat(duplicate.err()).contains("[store.password] already exists");
    assertThat(keystore("other\n", "add", "store.password", "--stdin", "--force").exitCode()).isZero();
    assertThat(new KeystoreFile(file()).load(new char[0]).get("store.password")).contains(utf8("other"));
  }

  @Test
  void removesASettingButNeverTheClusterSecret() {
    keystore("", "create");
    keystore("pg-secret", "add", "store.password", "--stdin");

    assertThat(keystore("", "remove", "store.password").exitCode()).isZero();
    assertThat(keystore("", "list").out()).isEqualTo("cluster.secret\n");
    assertThat(keystore("", "remove", "store.password").err()).contains("[store.password] is not in the keystore");
    Run secret = keystore("", "remove", "cluster.secret");
    assertThat(secret.exitCode()).isEqualTo(1);
    assertThat(secret.err()).contains("cluster.secret cannot be removed");
  }

  @Test
  void aPasswordProtectedKeystoreTakesItsPasswordFromTheEnvironmentOrAPrompt() {
    answers.add("s3cret");
    answers.add("s3cret");
    assertThat(keystore("", "create", "--password").exitCode()).isZero();

    answers.add("s3cret");
    assertThat(keystore("", "list").out()).isEqualTo("cluster.secret\n");
    environment.put("INFERGATE_KEYSTORE_PASSWORD", "s3cret");
    assertThat(keystore("v", "add", "store.password", "--stdin").exitCode()).isZero();
    environment.remove("INFERGATE_KEYSTORE_PASSWORD");
    Run noPassword = keystore("", "list");
    assertThat(noPassword.exitCode()).isEqualTo(65);
    assertThat(noPassword.err()).endsWith("the password is wrong or the file was altered; "
        + "set INFERGATE_KEYSTORE_PASSWORD if it has one\n");
    environment.put("INFERGATE_KEYSTORE_PASSWORD", "wrong");
    Run wrong = keystore("", "list");
    assertThat(wrong.exitCode()).isEqualTo(65);
    assertThat(wrong.err()).isEqualTo("ERROR: the keystore [" + file()
        + "] cannot be opened: the password is wrong or the file was altered\n");
  }

  @Test
  void refusesBadNamesEmptyValuesAndValuesOnTheCommandLine() {
    keystore("", "create");
    assertThat(keystore("v", "add", "Store.Password", "--stdin").err()).contains("invalid setting name [Store.Password]");
    assertThat(keystore("\n", "add", "store.password", "--stdin").err()).contains("the value is empty");
    Run inline = keystore("", "add", "store.password", "pg-secret");
    assertThat(inline.exitCode()).isEqualTo(64);
    assertThat(keystore("", "add", "store.password").err()).contains("no terminal to ask for the value");
    Run missing = keystore("", "--path", dir.resolve("none.keystore").toString(), "list");
    assertThat(missing.err()).contains("does not exist; create it with: scripts/keystore create");
  }

  private Path file() {
    return dir.resolve("conf/infergate.keystore").toAbsolutePath().normalize();
  }

  private Run keystore(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Terminal terminal = prompt -> Optional.ofNullable(answers.poll()).map(String::toCharArray);
    String[] withPath = args;
    if (!java.util.Arrays.asList(args).contains("--path")) {
      withPath = new String[args.length + 2];
      withPath[0] = "--path";
      withPath[1] = file().toString();
      System.arraycopy(args, 0, withPath, 2, args.length);
    }
    int exitCode = new KeystoreCommand(terminal, new StringReader(stdin), new PrintWriter(out), new PrintWriter(err),
        environment).execute(withPath);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
