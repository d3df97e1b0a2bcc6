package io.infergate.inference.builtin;

import java.util.List;

/** A slice of one request's inputs waiting for the model: {@code texts} start at input {@code offset}. */
record EmbeddingJob(RequestEmbeddings request, int offset, List<String> texts) {
}
