package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalDeadlinesUnitTest {

  private final ArrivalDeadlines<String> deadlines = new ArrivalDeadlines<>(100);
  private final List<String> overdue = new ArrayList<>();

  @Test
  void theOverdueExpireOldestFirstAndTheOthersStay() {
    deadlines.start("a", 0);
    deadlines.start("b", 10);
    deadlines.start("c", 20);

    deadlines.expire(109, overdue::add);
    assertThat(overdue).containsExactly("a");

    deadlines.expire(200, overdue::add);
    assertThat(overdue).containsExactly("a", "b", "c");
    assertThat(deadlines.size()).isZero();
  }

  @Test
  void anEndedDeadlineNeverExpires() {
    ArrivalDeadlines.Deadline<String> first = deadlines.start("first", 0);
    ArrivalDeadlines.Deadline<String> middle = deadlines.start("middle", 1);
    ArrivalDeadlines.Deadline<String> last = deadlines.start("last", 2);

    middle.end();
    first.end();
    deadlines.expire(1_000, overdue::add);
    assertThat(overdue).containsExactly("last");

    last.end(); // after it expired: nothing left to take back
    middle.end();
    assertThat(deadlines.size()).isZero();
  }

  @Test
  void endingEveryDeadlineLeavesNothingBehindAndNewOnesStillExpire() {
    List<ArrivalDeadlines.Deadline<String>> started = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      started.add(deadlines.start("request-" + i, i));
    }
    for (int i = started.size() - 1; i >= 0; i -= 2) {
      started.get(i).end();
    }
    for (int i = 0; i < started.size(); i += 2) {
      started.get(i).end();
    }
    assertThat(deadlines.size()).isZero();

    deadlines.start("next", 5_000);
    deadlines.expire(5_099, overdue::add);
    assertThat(overdue).isEmpty();
    deadlines.expire(5_100, overdue::add);
    assertThat(overdue).containsExactly("next");
  }

  @Test
  void theSweepPeriodIsAQuarterOfTheTimeoutAndAtMostASecond() {
    assertThat(ReadDeadline.sweepPeriodMs(30_000)).isEqualTo(1_000);
    assertThat(ReadDeadline.sweepPeriodMs(1_500)).isEqualTo(375);
    assertThat(ReadDeadline.sweepPeriodMs(2)).isEqualTo(1);
  }
}
