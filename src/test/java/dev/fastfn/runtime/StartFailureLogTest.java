package dev.fastfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartFailureLogTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void a_failure_while_the_server_runs_is_warned_about_after_the_delay() throws Exception {
    CountDownLatch warned = new CountDownLatch(1);
    long t0 = System.nanoTime();
    StartFailureLog.later(scheduler, () -> false, warned::countDown, 50);
    assertThat(warned.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
  }

  @Test
  void a_failure_followed_by_the_start_of_a_shutdown_is_not() throws Exception {
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicInteger warnings = new AtomicInteger();
    StartFailureLog.later(scheduler, stopping::get, warnings::incrementAndGet, 50);
    stopping.set(true); // the server began to stop: Ctrl-C reached the worker too
    CountDownLatch after = new CountDownLatch(1);
    scheduler.schedule(after::countDown, 100, TimeUnit.MILLISECONDS);
    assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(warnings).hasValue(0);
  }

  @Test
  void a_scheduler_already_shut_down_means_the_server_is_stopping_and_nothing_is_logged() {
    scheduler.shutdown();
    AtomicInteger warnings = new AtomicInteger();
    StartFailureLog.later(scheduler, () -> false, warnings::incrementAndGet, 0);
    assertThat(warnings).hasValue(0);
  }
}
