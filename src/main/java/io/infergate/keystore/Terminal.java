package io.infergate.keystore;

import java.io.Console;
import java.util.Optional;

/** Where the keystore tool asks for a secret without echoing it: the console, when there is one. */
@FunctionalInterface
interface Terminal {

  /** The answer, or empty when there is no terminal to ask. */
  Optional<char[]> readSecret(String prompt);

  static Terminal of(Console console) {
    return prompt -> console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", prompt));
  }
}
