package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code *} globs as Elasticsearch's {@code Glob.globMatch} decides them. */
class GlobUnitTest {

  @ParameterizedTest(name = "{0} ~ [{1}] is {2}")
  @CsvSource({
      "abc, abc, true",
      "abc, abd, false",
      "*, '', true",
      "*, anything, true",
      "**, anything, true",
      "***, anything, true",
      "a*, a, true",
      "a*, ba, false",
      "*c, abc, true",
      "*c, abd, false",
      "a*c, ac, true",
      "a*c, abbbc, true",
      "a*a, a, false",
      "a*a, aa, true",
      "*b*d*, abcde, true",
      "*b*d*, adcbe, false",
      "*ab*ab, xabab, true",
      "*ab*ab, xab, false",
      "a*b*c, abc, true",
      "a*b*c, acb, false",
      "f*_id, inference_id, false",
      "*_id, inference_id, true"})
  void decidesLikeElasticsearch(String pattern, String name, boolean matches) {
    assertThat(new Glob(pattern).matches(name)).isEqualTo(matches);
  }
}
