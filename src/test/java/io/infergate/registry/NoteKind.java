package io.infergate.registry;

import io.infergate.store.StoreWinsMergePolicy;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A document kind that exists only in the tests: a note with an id, a text and a secret. It shows
 * what adding a kind takes (this class and its merge policy), and the shared guarantee tests run
 * against it as against the inference endpoints.
 */
public final class NoteKind implements DocumentKind<NoteKind.Note> {

  public static final NoteKind INSTANCE = new NoteKind();

  /** @param secret stored, but never in an event */
  public record Note(String id, String text, String secret) {
  }

  /** The notes' map heals from its table's rows after a split brain. */
  public static final class MergePolicy extends StoreWinsMergePolicy {
    public MergePolicy() {
      super(INSTANCE.table());
    }
  }

  private NoteKind() {
  }

  @Override
  public String name() {
    return "notes";
  }

  @Override
  public String subject() {
    return "note";
  }

  @Override
  public String idField() {
    return "id";
  }

  @Override
  public String eventLog() {
    return "infergate.notes.events";
  }

  @Override
  public String eventAddress() {
    return "infergate.notes.events";
  }

  @Override
  public String mergePolicy() {
    return MergePolicy.class.getName();
  }

  @Override
  public List<String> identityFields() {
    return List.of("id");
  }

  @Override
  public JsonObject toBody(Note note) {
    return new JsonObject().put("id", note.id()).put("text", note.text()).put("secret", note.secret());
  }

  @Override
  public Note fromBody(JsonObject body) {
    return new Note(body.getString("id"), body.getString("text"), body.getString("secret"));
  }

  @Override
  public JsonObject eventFields(JsonObject body) {
    return new JsonObject().put("id", body.getString("id"));
  }
}
