package dev.fastfn.logs;

import dev.fastfn.gateway.RequestLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code access.log}: one line per request, {@code <time> <method> <path> <status> <bytes>B <ms>ms}.
 *
 * <p>It is written for every request, so it bypasses Logback's per-event machinery (event object,
 * message formatting, pattern layout: 5% of the server's CPU under load, docs/performance.md): a
 * request only queues a small record, and the {@link BatchDrain}'s thread renders a batch of them
 * into one write. The file rotates like the Logback files ({@link RollingFile}).
 */
public final class AccessLog implements RequestLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
  /** Records nothing: used when the logs directory cannot be written. */
  public static final AccessLog OFF = new AccessLog(null, null);

  private record Line(long atMillis, String method, String path, int status, long bytes, long elapsedMillis) {}

  private final BatchDrain<Line> drain;
  private final RollingFile file;

  private AccessLog(BatchDrain<Line> drain, RollingFile file) {
    this.drain = drain;
    this.file = file;
  }

  /** Appends to {@code file} (created if missing), rotated at {@code maxBytes} keeping {@code kept} old files. */
  static AccessLog open(Path file, long maxBytes, int kept, String threadName) throws IOException {
    RollingFile out = new RollingFile(file, maxBytes, kept);
    Renderer renderer = new Renderer(file, out, ZoneId.systemDefault());
    BatchDrain<Line> drain = new BatchDrain<>(threadName, renderer::write,
        e -> LOG.warn("log file={} not written: {}", file, e.toString()));
    return new AccessLog(drain, out);
  }

  /** Queues one request's line; waits only when the disk is thousands of lines behind (nothing is dropped). */
  @Override
  public void record(String method, String path, int status, long bytes, long elapsedMillis) {
    if (drain != null) {
      drain.add(new Line(System.currentTimeMillis(), method, path, status, bytes, elapsedMillis));
    }
  }

  /** Waits (up to {@code maxMillis}) until every line recorded before this call is in the file. */
  void sync(long maxMillis) {
    if (drain != null) {
      drain.sync(maxMillis);
    }
  }

  @Override
  public void close() {
    if (drain != null) {
      drain.close();
      try {
        file.close();
      } catch (IOException e) {
        LOG.warn("log file closing failed: {}", e.toString());
      }
    }
  }

  /**
   * Renders batches into the file. Used by one thread at a time (the drain's), so its buffer and
   * its per-second timestamp cache need no locking.
   */
  private static final class Renderer {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX");

    private final Path path;
    private final RollingFile out;
    private final ZoneId zone;
    private final StringBuilder text = new StringBuilder(8192);
    private long cachedSecond = Long.MIN_VALUE;
    private String secondPrefix = "";
    private String offset = "";
    private boolean failing;

    Renderer(Path path, RollingFile out, ZoneId zone) {
      this.path = path;
      this.out = out;
      this.zone = zone;
    }

    /** A failed write is reported once, not once per batch, until a write succeeds again (disk full). */
    void write(List<Line> batch) {
      text.setLength(0);
      for (Line l : batch) {
        appendTime(l.atMillis());
        text.append(' ').append(l.method()).append(' ').append(l.path()).append(' ').append(l.status()).append(' ')
            .append(l.bytes()).append("B ").append(l.elapsedMillis()).append("ms\n");
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      try {
        out.write(bytes, bytes.length);
        failing = false;
      } catch (IOException e) {
        if (!failing) {
          LOG.warn("log file={} not written ({}); requests go unlogged until it can be", path, e.toString());
        }
        failing = true;
      }
    }

    /** {@code 2026-12-07T18:07:00.123Z}: the same as the other files' {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}}. */
    private void appendTime(long millis) {
      long second = Math.floorDiv(millis, 1000);
      if (second != cachedSecond) {
        var at = Instant.ofEpochSecond(second).atZone(zone);
        secondPrefix = SECOND.format(at);
        offset = OFFSET.format(at);
        cachedSecond = second;
      }
      int ms = (int) Math.floorMod(millis, 1000);
      text.append(secondPrefix).append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
          .append((char) ('0' + ms % 10)).append(offset);
    }
  }
}
