package io.infergate.inference.providers;

/** Elasticsearch's input types as Cohere's embed names them. */
final class CohereInputType {

  private CohereInputType() {
  }

  /** ingest → search_document, search → search_query, classification and clustering as they are; null stays null. */
  static String of(String inputType) {
    if (inputType == null) {
      return null;
    }
    switch (inputType) {
      case "ingest":
        return "search_document";
      case "search":
        return "search_query";
      default:
        return inputType;
    }
  }
}
