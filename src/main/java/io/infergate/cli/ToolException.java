package io.infergate.cli;

/** A refusal by a command-line tool, shown to the user as one line, with its exit code. */
public final class ToolException extends Exception {

  private final int exitCode;

  public ToolException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
