package dev.fastfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StopPacerTest {
  private static final long MS = 1_000_000;

  @Test
  void stops_asked_for_together_are_spaced_one_spacing_apart() {
    StopPacer pacer = new StopPacer(Duration.ofMillis(50));
    long now = 7_000 * MS;
    assertThat(pacer.delayMillis(now)).isZero();
    assertThat(pacer.delayMillis(now)).isEqualTo(50);
    assertThat(pacer.delayMillis(now)).isEqualTo(100);
    assertThat(pacer.delayMillis(now + 20 * MS)).isEqualTo(130); // the queue keeps its pace
  }

  @Test
  void after_a_quiet_spell_the_next_stop_goes_at_once() {
    StopPacer pacer = new StopPacer(Duration.ofMillis(50));
    long now = -5_000 * MS; // nanoTime may be negative
    assertThat(pacer.delayMillis(now)).isZero();
    assertThat(pacer.delayMillis(now + 51 * MS)).isZero();
    assertThat(pacer.delayMillis(now + 60 * MS)).isEqualTo(41);
  }
}
