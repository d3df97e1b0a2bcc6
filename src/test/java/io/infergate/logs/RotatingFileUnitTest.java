package io.infergate.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileUnitTest {

  @TempDir
  Path dir;

  @Test
  void aWriteThatWouldCrossTheLimitGoesToAFreshFileAndTheOldestBeyondTheCountIsDropped() throws IOException {
    Path path = dir.resolve("audit.json");
    try (RotatingFile file = new RotatingFile(path, new FileRotation(100, 2))) {
      for (int i = 0; i < 20; i++) {
        file.append(line(i, 40));
      }
    }
    assertThat(names()).containsExactlyInAnyOrder("audit.json", "audit.json.1", "audit.json.2");
    // Two 40-byte lines a file: the newest six lines survive, oldest in .2.
    assertThat(lines(dir.resolve("audit.json.2"))).extracting(l -> l.substring(0, 2)).containsExactly("14", "15");
    assertThat(lines(dir.resolve("audit.json.1"))).extracting(l -> l.substring(0, 2)).containsExactly("16", "17");
    assertThat(lines(path)).extracting(l -> l.substring(0, 2)).containsExactly("18", "19");
  }

  @Test
  void aLineLongerThanTheLimitIsWrittenWholeInAFileOfItsOwn() throws IOException {
    Path path = dir.resolve("big.log");
    try (RotatingFile file = new RotatingFile(path, new FileRotation(10, 3))) {
      file.append(line(1, 5));
      file.append(line(2, 50));
      file.append(line(3, 5));
    }
    assertThat(lines(dir.resolve("big.log.2"))).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("01"));
    assertThat(lines(dir.resolve("big.log.1"))).hasSize(1).allSatisfy(l -> assertThat(l).hasSize(49));
    assertThat(lines(path)).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("03"));
  }

  @Test
  void withNoRotatedFilesKeptTheFileStartsAgain() throws IOException {
    Path path = dir.resolve("only.log");
    try (RotatingFile file = new RotatingFile(path, new FileRotation(100, 0))) {
      for (int i = 0; i < 10; i++) {
        file.append(line(i, 40));
      }
    }
    assertThat(names()).containsExactlyInAnyOrder("only.log");
    assertThat(lines(path)).extracting(l -> l.substring(0, 2)).containsExactly("08", "09");
  }

  @Test
  void writersSharingOneFileLoseNoLineAndSplitNone() throws Exception {
    Path path = dir.resolve("shared.json");
    FileRotation rotation = new FileRotation(4_096, 1_000);
    int writers = 4;
    int perWriter = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<RotatingFile> files = new ArrayList<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        RotatingFile file = new RotatingFile(path, rotation);
        files.add(file);
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            file.append(("writer-" + writer + " line-" + i + " " + "x".repeat(30) + "\n").getBytes(StandardCharsets.UTF_8));
          }
          return null;
        }));
      }
      for (Future<?> each : done) {
        each.get();
      }
    } finally {
      pool.shutdown();
      for (RotatingFile file : files) {
        file.close();
      }
    }
    Set<String> seen = new HashSet<>();
    List<String> all = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      for (Path file : listing.filter(p -> !p.toString().endsWith(".lock")).toList()) {
        // Writers check the size without a common lock: each may add its one line past the limit.
        assertThat(Files.size(file)).isLessThanOrEqualTo(rotation.maxBytes() + writers * 60L);
        all.addAll(lines(file));
      }
    }
    assertThat(all).allSatisfy(l -> assertThat(l).matches("writer-\\d line-\\d+ x{30}"));
    seen.addAll(all);
    assertThat(all).hasSize(writers * perWriter);
    assertThat(seen).hasSize(writers * perWriter);
  }

  @Test
  void theLogHandlerWritesFormattedRecordsToTheRotatedFile() throws IOException {
    Path path = dir.resolve("node-1.log");
    RotatingLogHandler handler = new RotatingLogHandler(path, new FileRotation(1_000, 2));
    try {
      for (int i = 0; i < 100; i++) {
        LogRecord record = new LogRecord(Level.INFO, "record number " + i);
        record.setLoggerName("test");
        handler.publish(record);
      }
    } finally {
      handler.close();
    }
    assertThat(names()).containsExactlyInAnyOrder("node-1.log", "node-1.log.1", "node-1.log.2", "node-1.log.lock");
    assertThat(Files.readString(path)).contains("record number 99");
  }

  @Test
  void aNodeLoggingToAFileNoLongerWritesToTheConsole() throws IOException {
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Handler[] before = root.getHandlers();
    java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
    for (java.util.logging.Handler handler : before) {
      root.removeHandler(handler);
    }
    root.addHandler(console);
    try {
      NodeLogs.toFile(dir.resolve("node.log"), new FileRotation(10_000, 1));
      assertThat(root.getHandlers()).hasSize(1).allSatisfy(h -> assertThat(h).isInstanceOf(RotatingLogHandler.class));
      java.util.logging.Logger.getLogger("io.infergate.test").warning("to the file");
      assertThat(Files.readString(dir.resolve("node.log"))).contains("to the file");
    } finally {
      for (java.util.logging.Handler handler : root.getHandlers()) {
        root.removeHandler(handler);
        handler.close();
      }
      for (java.util.logging.Handler handler : before) {
        root.addHandler(handler);
      }
    }
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new FileRotation(0, 1)).hasMessageContaining("max_bytes");
    assertThatThrownBy(() -> new FileRotation(1, -1)).hasMessageContaining("max_files");
  }

  private static byte[] line(int number, int length) {
    String prefix = String.format("%02d", number);
    return (prefix + "x".repeat(length - prefix.length() - 1) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock") || n.startsWith("node-")).toList();
    }
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
  }
}
