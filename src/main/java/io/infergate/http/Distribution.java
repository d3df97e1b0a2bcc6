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

  /**
   * The distribution of the running code. Classes built without Maven's resource filtering (some IDE
   * builds) say {@code unknown}, as {@code build_hash} does, rather than fail the node's start;
   * ElasticsearchClientTest checks that a Maven build reports the pom's version.
   */
  static Distribution current() {
    Properties properties = new Properties();
    try (InputStream in = Distribution.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = properties.getProperty("version", "");
    if (version.isBlank() || version.startsWith("${")) {
      version = "unknown";
    }
    return new Distribution(properties.getProperty("name", "infergate"), version);
  }
}
