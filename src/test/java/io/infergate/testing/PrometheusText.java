package io.infergate.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of {@code /_prometheus/metrics} read back: its samples by name and labels. */
public final class PrometheusText {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {
  }

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = samples;
  }

  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
    }
    return new PrometheusText(samples);
  }

  /** The samples of {@code name} whose labels include {@code labels} (name, value, name, value...). */
  public List<Sample> find(String name, String... labels) {
    return samples.stream().filter(sample -> sample.name().equals(name) && hasLabels(sample, labels)).toList();
  }

  /** The one sample of {@code name} with these labels (0 when there is none); fails when several match. */
  public double value(String name, String... labels) {
    List<Sample> found = find(name, labels);
    if (found.size() > 1) {
      throw new IllegalStateException(found.size() + " samples of " + name + " match " + List.of(labels) + ": " + found);
    }
    return found.isEmpty() ? 0 : found.get(0).value();
  }

  /** The sum of the samples of {@code name} with these labels. */
  public double sum(String name, String... labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  public List<Sample> samples() {
    return samples;
  }

  private static boolean hasLabels(Sample sample, String[] labels) {
    for (int i = 0; i + 1 < labels.length; i += 2) {
      if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }
}
