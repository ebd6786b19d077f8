package dev.fastfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StopPacerTest {
  private static final long MS = 1_000_000;

  @Test
  void exits_asked_for_together_are_spaced_one_spacing_apart() {
    StopPacer pacer = new StopPacer(Duration.ofMillis(50));
    long now = 7_000 * MS;
    assertThat(pacer.delayMillis(now, 0)).isZero();
    assertThat(pacer.delayMillis(now, 0)).isEqualTo(50);
    assertThat(pacer.delayMillis(now, 0)).isEqualTo(100);
    assertThat(pacer.delayMillis(now + 20 * MS, 0)).isEqualTo(130); // the queue keeps its pace
  }

  @Test
  void after_a_quiet_spell_the_next_exit_goes_at_once() {
    StopPacer pacer = new StopPacer(Duration.ofMillis(50));
    long now = -5_000 * MS; // nanoTime may be negative
    assertThat(pacer.delayMillis(now, 0)).isZero();
    assertThat(pacer.delayMillis(now + 51 * MS, 0)).isZero();
    assertThat(pacer.delayMillis(now + 60 * MS, 0)).isEqualTo(41);
  }

  @Test
  void a_minimum_delay_is_kept_and_later_exits_are_spaced_after_it() {
    StopPacer pacer = new StopPacer(Duration.ofMillis(50));
    long now = 3_000 * MS;
    assertThat(pacer.delayMillis(now, 100)).isEqualTo(100);
    assertThat(pacer.delayMillis(now, 100)).isEqualTo(150);
    assertThat(pacer.delayMillis(now, 0)).isEqualTo(200);
    assertThat(pacer.delayMillis(now + 1_000 * MS, 100)).isEqualTo(100);
  }
}
