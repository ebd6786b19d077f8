package dev.fastfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** The gate on its own: exact refusal messages and drop counts, without workers or HTTP. */
class AdmissionTest {

  @Test
  void a_full_gate_refuses_with_the_exact_overflow_message_and_counts_the_drop() throws Exception {
    Admission gate = new Admission(new Admission.Limits(1, 0, 0, 503));
    Admission.Ticket held = gate.enter("node/a@default");

    var e = catchThrowableOfType(FnHttpException.Overloaded.class, () -> gate.enter("node/a@default"));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.getMessage()).isEqualTo("worker pool overflow");
    assertThat(gate.overflowDrops.get()).isEqualTo(1);
    assertThat(gate.timeoutDrops.get()).isZero();
    held.release();
  }

  @Test
  void a_queued_call_without_queue_time_fails_at_once_as_a_queue_timeout() throws Exception {
    Admission gate = new Admission(new Admission.Limits(1, 1, 0, 429));
    Admission.Ticket held = gate.enter("node/a@default");

    var e = catchThrowableOfType(FnHttpException.Overloaded.class, () -> gate.enter("node/a@default"));

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.getMessage()).isEqualTo("worker pool queue timeout");
    assertThat(gate.timeoutDrops.get()).isEqualTo(1);
    assertThat(gate.queued()).isZero();
    held.release();
  }

  @Test
  void drop_counts_survive_a_change_of_limits() throws Exception {
    Admission gate = new Admission(new Admission.Limits(1, 0, 0, 429));
    Admission.Ticket held = gate.enter("node/a@default");
    catchThrowableOfType(FnHttpException.Overloaded.class, () -> gate.enter("node/a@default"));

    Admission next = gate.withLimits(new Admission.Limits(1, 1, 0, 429));
    Admission.Ticket heldNext = next.enter("node/a@default");
    catchThrowableOfType(FnHttpException.Overloaded.class, () -> next.enter("node/a@default"));

    assertThat(next.limits()).isEqualTo(new Admission.Limits(1, 1, 0, 429));
    assertThat(next.overflowDrops.get()).isEqualTo(1);
    assertThat(next.timeoutDrops.get()).isEqualTo(1);
    assertThat(next.active()).isEqualTo(1); // a fresh semaphore: only the call admitted by this gate
    held.release();
    heldNext.release();
  }
}
