package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code filter_path} as Elasticsearch applies it: the examples of its "Response Filtering" page
 * (common options), then the behaviour of its {@code FilterPath} and {@code FilterPathBasedFilter}
 * at the edges.
 */
class ResponseFilterUnitTest {

  private static final String SAMPLE = "{'count':3,'ok':true,'name':'n','list':[1,2,3],"
      + "'items':[{'f1':'a','f2':'b'},{'g1':'c','g2':'d'}],'deep':{'x':{'y':{'z':'leaf'}}}}";

  // The examples of Elasticsearch's "Response Filtering" documentation, on responses of their shape.

  @Test
  void documentedDotNotation() {
    String search = "{'took':3,'timed_out':false,'_shards':{'total':1,'successful':1},"
        + "'hits':{'total':{'value':1},'max_score':1.6,'hits':[{'_index':'i','_id':'0','_score':1.6,'_source':{'a':1}}]}}";
    assertFiltered(search, "took,hits.hits._id,hits.hits._score", "{'took':3,'hits':{'hits':[{'_id':'0','_score':1.6}]}}");
  }

  @Test
  void documentedWildcardWithinASegment() {
    String state = "{'metadata':{'indices':{'my-index-000001':{'state':'open','settings':{'a':1},'stats':{'b':2}}}}}";
    assertFiltered(state, "metadata.indices.*.stat*",
        "{'metadata':{'indices':{'my-index-000001':{'state':'open','stats':{'b':2}}}}}");
  }

  @Test
  void documentedDoubleWildcard() {
    String state = "{'routing_table':{'indices':{'my-index-000001':{'shards':{'0':"
        + "[{'state':'STARTED','primary':true},{'state':'UNASSIGNED','primary':false}]}}}}}";
    assertFiltered(state, "routing_table.indices.**.state",
        "{'routing_table':{'indices':{'my-index-000001':{'shards':{'0':[{'state':'STARTED'},{'state':'UNASSIGNED'}]}}}}}");
  }

  @Test
  void documentedExclusion() {
    assertFiltered("{'count':5,'_shards':{'total':1,'successful':1,'skipped':0,'failed':0}}", "-_shards", "{'count':5}");
  }

  @Test
  void documentedInclusionAndExclusionTogether() {
    String state = "{'metadata':{'indices':{'my-index-000001':{'state':'open','aliases':[]},"
        + "'my-index-000002':{'state':'open'},'logstash-2016.01':{'state':'open'}}}}";
    assertFiltered(state, "metadata.indices.*.state,-metadata.indices.logstash-*",
        "{'metadata':{'indices':{'my-index-000001':{'state':'open'},'my-index-000002':{'state':'open'}}}}");
  }

  @Test
  void documentedRawSourceKeptWhole() {
    assertFiltered("{'hits':{'hits':[{'_id':'1','_source':{'title':'Book #1'}},{'_id':'2','_source':{'title':'Book #2'}}]}}",
        "hits.hits._source", "{'hits':{'hits':[{'_source':{'title':'Book #1'}},{'_source':{'title':'Book #2'}}]}}");
  }

  // Inclusive filters.

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "count|{'count':3}",
      "list|{'list':[1,2,3]}",
      "items.f1|{'items':[{'f1':'a'}]}",
      "items.*2|{'items':[{'f2':'b'},{'g2':'d'}]}",
      "items.f*|{'items':[{'f1':'a','f2':'b'}]}",
      "deep.x.y.z|{'deep':{'x':{'y':{'z':'leaf'}}}}",
      "*.x|{'deep':{'x':{'y':{'z':'leaf'}}}}",
      "deep.*.y|{'deep':{'x':{'y':{'z':'leaf'}}}}",
      "**.z|{'deep':{'x':{'y':{'z':'leaf'}}}}",
      "**.*2|{'items':[{'f2':'b'},{'g2':'d'}]}",
      "***|" + SAMPLE,
      "deep.x.y.z.more,deep.x.y.z|{'deep':{'x':{'y':{'z':'leaf'}}}}",
      "missing|{}",
      "list.anything|{}",
      "count.below|{}"})
  void inclusive(String filterPath, String expected) {
    assertFiltered(SAMPLE, filterPath, expected);
  }

  @Test
  void aShorterExpressionWinsOverALongerOneUnderIt() {
    assertFiltered(SAMPLE, "deep,deep.x.y", "{'deep':{'x':{'y':{'z':'leaf'}}}}");
    assertFiltered(SAMPLE, "deep.x.y,deep", "{'deep':{'x':{'y':{'z':'leaf'}}}}");
  }

  @Test
  void doubleWildcardStandsForAtLeastOneSegment() {
    assertFiltered("{'z':1,'a':{'z':2}}", "**.z", "{'a':{'z':2}}");
    assertFiltered("{'a':{'b':1,'x':{'b':2}}}", "a.**.b", "{'a':{'x':{'b':2}}}");
    assertFiltered("{'a':{'b':1,'x':{'b':2}}}", "a.**", "{'a':{'b':1,'x':{'b':2}}}");
  }

  @Test
  void arraysAreTraversedAndTheirScalarsDroppedUnlessMatchedWhole() {
    assertFiltered("{'a':[1,{'b':2,'c':3},[{'b':4}],null]}", "a.b", "{'a':[{'b':2},[{'b':4}]]}");
    assertFiltered("{'a':[1,{'c':3}]}", "a.b", "{}");
  }

  @Test
  void containersLeftEmptyAreDropped() {
    assertFiltered("{'a':{'b':{},'c':[]},'d':1}", "a.b", "{'a':{'b':{}}}");
    assertFiltered("{'a':{'b':{},'c':[]},'d':1}", "a.b.x", "{}");
  }

  @Test
  void escapedDotsAreNamesNotSeparators() {
    String dotted = "{'a':0,'b.c':'flat','b':{'c':'nested'}}";
    assertFiltered(dotted, "b.c", "{'b':{'c':'nested'}}");
    assertFiltered(dotted, "b\\.c", "{'b.c':'flat'}");
    assertFiltered(dotted, "-b.c", "{'a':0,'b.c':'flat'}");
    assertFiltered(dotted, "-b\\.c", "{'a':0,'b':{'c':'nested'}}");
  }

  @Test
  void oddDotsNameLiteralProperties() {
    String odd = "{'.':1,'..':2,'a':{'.b':3,'':4}}";
    assertFiltered(odd, ".", "{'.':1}");
    assertFiltered(odd, "..", "{'..':2}");
    assertFiltered(odd, "a..b", "{'a':{'.b':3}}");
    assertFiltered(odd, "a.", "{'a':{'':4}}");
  }

  // Exclusive filters.

  @ParameterizedTest(name = "-{0}")
  @CsvSource(delimiter = '|', value = {
      "count|{'ok':true,'name':'n','list':[1,2,3],'items':[{'f1':'a','f2':'b'},{'g1':'c','g2':'d'}],'deep':{'x':{'y':{'z':'leaf'}}}}",
      "items.f1|{'count':3,'ok':true,'name':'n','list':[1,2,3],'items':[{'f2':'b'},{'g1':'c','g2':'d'}],'deep':{'x':{'y':{'z':'leaf'}}}}",
      "items.*2|{'count':3,'ok':true,'name':'n','list':[1,2,3],'items':[{'f1':'a'},{'g1':'c'}],'deep':{'x':{'y':{'z':'leaf'}}}}",
      "deep.x.y.z|{'count':3,'ok':true,'name':'n','list':[1,2,3],'items':[{'f1':'a','f2':'b'},{'g1':'c','g2':'d'}]}",
      "**.z|{'count':3,'ok':true,'name':'n','list':[1,2,3],'items':[{'f1':'a','f2':'b'},{'g1':'c','g2':'d'}]}",
      "missing|" + SAMPLE,
      "*|{}"})
  void exclusive(String filterPath, String expected) {
    assertFiltered(SAMPLE, "-" + filterPath, expected);
  }

  @Test
  void exclusionKeepsContainersThatWereEmptyButNotThoseItEmptied() {
    assertFiltered("{'a':{'b':[],'c':{},'d':1},'e':[{'d':1}],'f':[]}", "-**.d", "{'a':{'b':[],'c':{}},'f':[]}");
  }

  @Test
  void exclusionKeepsScalarsInArraysAndNulls() {
    assertFiltered("{'a':[1,null,{'b':2,'c':3}],'n':null}", "-a.c", "{'a':[1,null,{'b':2}],'n':null}");
  }

  @Test
  void inclusionThenExclusion() {
    assertFiltered(SAMPLE, "deep,items,-deep.x.y.z,-items.g*", "{'items':[{'f1':'a','f2':'b'}]}");
    assertFiltered(SAMPLE, "count,-count", "{}");
  }

  // The parameter itself.

  @ParameterizedTest
  @ValueSource(strings = {"", ",", ",,,", " , ", "-", "-,", " - "})
  void valuesThatFilterNothing(String filterPath) {
    assertThat(ResponseFilter.parse(filterPath)).isNull();
  }

  @Test
  void expressionsAreTrimmedAndEmptyOnesSkipped() {
    assertFiltered(SAMPLE, " count , ,name ,", "{'count':3,'name':'n'}");
    assertFiltered("{'a':1,'b':2}", "- a", "{'b':2}");
  }

  @Test
  void aTopLevelArrayIsFilteredAndMayVanish() {
    ResponseFilter names = ResponseFilter.parse("service");
    assertThat(names.apply(new JsonArray("[{'service':'a','x':1},{'service':'b'}]".replace('\'', '"'))))
        .isEqualTo(new JsonArray("[{'service':'a'},{'service':'b'}]".replace('\'', '"')));
    assertThat(ResponseFilter.parse("missing").apply(new JsonArray("[{'service':'a'}]".replace('\'', '"')))).isNull();
  }

  @Test
  void tooLongIsRefused() {
    String tooLong = String.join(",", Collections.nCopies(ResponseFilter.MAX_LENGTH / 2 + 1, "a"));
    HttpFailure failure = catchThrowableOfType(() -> ResponseFilter.parse(tooLong), HttpFailure.class);
    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.error().type()).isEqualTo("illegal_argument_exception");
    assertThat(failure.error().reason()).isEqualTo("[filter_path] is 4097 characters long, longer than the limit of [4096]");
  }

  @Test
  void tooManySegmentsAreRefused() {
    String tooMany = String.join(".", Collections.nCopies(ResponseFilter.MAX_SEGMENTS + 1, "*"));
    HttpFailure failure = catchThrowableOfType(() -> ResponseFilter.parse(tooMany), HttpFailure.class);
    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.error().reason()).isEqualTo("[filter_path] has 257 path segments, more than the limit of [256]");
    assertThat(ResponseFilter.parse(String.join(".", Collections.nCopies(ResponseFilter.MAX_SEGMENTS, "*")))).isNotNull();
  }

  @Test
  void doubleWildcardsMetManyWaysCostLittle() {
    JsonObject deep = new JsonObject().put("x", 1);
    for (int i = 0; i < 40; i++) {
      deep = new JsonObject().put("k" + i, deep).put("v" + i, i);
    }
    ResponseFilter filter = ResponseFilter.parse(String.join(".", Collections.nCopies(12, "**")) + ".x");
    long started = System.nanoTime();
    String filtered = filter.apply(deep).encode();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(filtered).startsWith("{\"k39\":{\"k38\":").endsWith("{\"x\":1}" + "}".repeat(40));
  }

  private static void assertFiltered(String body, String filterPath, String expected) {
    JsonObject filtered = ResponseFilter.parse(filterPath).apply(new JsonObject(body.replace('\'', '"')));
    assertThat(filtered.encode()).as(filterPath).isEqualTo(new JsonObject(expected.replace('\'', '"')).encode());
  }
}
