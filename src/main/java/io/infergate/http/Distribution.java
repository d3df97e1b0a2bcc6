package io.infergate.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which software answered: Infergate's name and its own version (the Maven project's, written into
 * {@code distribution.properties} at build time), as opposed to the Elasticsearch API version it
 * speaks ({@link RootHandler#COMPATIBLE_VERSION}).
 */
record Distribution(String name, String version) {

  private static final String RESOURCE = "distribution.properties";

  /** The distribution of the running code. */
  static Distribution current() {
    Properties properties = new Properties();
    try (InputStream in = Distribution.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath: build with Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = properties.getProperty("version", "");
    if (version.isBlank() || version.startsWith("${")) {
      throw new IllegalStateException(RESOURCE + " was not filtered by Maven: version is [" + version + "]");
    }
    return new Distribution(properties.getProperty("name", "infergate"), version);
  }
}
