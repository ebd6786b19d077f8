package dev.fastfn.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.io.OutputStream;
import java.util.List;

/**
 * A Logback appender that writes off the logging thread: events go through a {@link BatchDrain} to a
 * file appender that does not flush per line, flushed once per batch.
 */
final class AsyncFileAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private final OutputStreamAppender<ILoggingEvent> target;
  private BatchDrain<ILoggingEvent> drain;

  /** {@code target} must be started with immediate flush off; this appender owns it from now on. */
  AsyncFileAppender(OutputStreamAppender<ILoggingEvent> target) {
    this.target = target;
  }

  @Override
  public void start() {
    drain = new BatchDrain<>("fastfn-log-" + getName(), this::writeBatch, e -> addError("log write failed", e));
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing(); // message and thread name, before another thread renders it
    drain.add(event);
  }

  private void writeBatch(List<ILoggingEvent> batch) throws java.io.IOException {
    for (ILoggingEvent e : batch) {
      target.doAppend(e);
    }
    OutputStream out = target.getOutputStream();
    if (out != null) {
      out.flush();
    }
  }

  /** Waits (up to {@code maxMillis}) until every event logged before this call is flushed to disk. */
  void sync(long maxMillis) {
    drain.sync(maxMillis);
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    drain.close();
    target.stop();
  }
}
