package io.infergate.registry;

/** The few statements that differ between the embedded H2 database and PostgreSQL. */
enum SqlDialect {
  H2("CHARACTER VARYING") {
    @Override
    String upsert(String table) {
      return "MERGE INTO " + table + " (id, body) KEY (id) VALUES (?, ?)";
    }
  },
  POSTGRESQL("TEXT") {
    @Override
    String upsert(String table) {
      return "INSERT INTO " + table + " (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body";
    }
  };

  private final String textType;

  SqlDialect(String textType) {
    this.textType = textType;
  }

  abstract String upsert(String table);

  String createTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(512) PRIMARY KEY, body " + textType + " NOT NULL)";
  }
}
