package io.infergate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a picocli tool the way Elasticsearch's tools fail: one {@code ERROR:} line and an exit code
 * (64 usage, 74 I/O error, a {@link ToolException}'s own), never a stack trace.
 */
public final class ToolRunner {

  public static final int USAGE = 64;
  public static final int IO_ERROR = 74;
  /** Input that cannot be used (sysexits EX_DATAERR): a keystore that cannot be read. */
  public static final int DATA_ERROR = 65;

  private ToolRunner() {
  }

  /** {@code refusal} turns a tool's own exceptions into the {@link ToolException} shown, or empty to rethrow. */
  public static int execute(Object tool, PrintWriter out, PrintWriter err,
      Function<Exception, Optional<ToolException>> refusal, String... args) {
    CommandLine commandLine = new CommandLine(tool)
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler((e, arguments) -> {
          err.println("ERROR: " + e.getMessage());
          e.getCommandLine().usage(err);
          return USAGE;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          Optional<ToolException> failure = e instanceof ToolException refused ? Optional.of(refused) : refusal.apply(e);
          if (failure.isPresent()) {
            err.println("ERROR: " + failure.get().getMessage());
            return failure.get().exitCode();
          }
          if (e instanceof IOException io) {
            err.println("ERROR: " + io);
            return IO_ERROR;
          }
          throw e;
        });
    int exitCode = commandLine.execute(args);
    out.flush();
    err.flush();
    return exitCode;
  }

  /** What a tool run without a command answers: an error, the usage, 64. */
  public static int commandRequired(CommandSpec spec, PrintWriter err) {
    err.println("ERROR: a command is required");
    spec.commandLine().usage(err);
    return USAGE;
  }
}
