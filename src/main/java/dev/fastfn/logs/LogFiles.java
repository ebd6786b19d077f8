package dev.fastfn.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code runtime.log}, {@code access.log} and {@code error.log} under one directory, each
 * rotated by size ({@value #MAX_FILE_SIZE} per file, {@value #KEPT_FILES} old files kept as
 * {@code <name>.1.log} ...). Configured in code at server start because the data dir is only known
 * then; {@code logback.xml} keeps the console setup.
 *
 * <p>Logback is per JVM: two servers in one JVM (tests) each attach their own appenders and each
 * file then receives both servers' lines. {@link #close()} detaches and stops this instance's
 * appenders. {@code error.log} is written and flushed on the logging thread; {@code runtime.log} goes
 * through an {@link AsyncFileAppender} and {@code access.log} is the {@link AccessLog} (one writer
 * thread each, one write per batch) so a request never waits for the disk; {@link #sync()} lets a
 * reader see its own lines. The access log belongs to this instance only.
 */
public final class LogFiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogFiles.class);
  static final String MAX_FILE_SIZE = "10MB";
  static final int KEPT_FILES = 5;
  private static final String TIME = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}";

  private final Path dir;
  private final List<Attached> attached;
  private final AccessLog access;

  private record Attached(ch.qos.logback.classic.Logger logger, Appender<ILoggingEvent> appender) {}

  private LogFiles(Path dir, List<Attached> attached, AccessLog access) {
    this.dir = dir;
    this.attached = List.copyOf(attached);
    this.access = access;
  }

  /**
   * Creates {@code dir} and starts writing the three files there. A directory that cannot be created
   * disables file logs (WARN) instead of stopping the server: logs still reach the console.
   */
  public static LogFiles open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      LOG.warn("logs dir={} cannot be created ({}); file logs and /_fn/logs are off, console logging continues",
          dir, e.toString());
      return new LogFiles(dir, List.of(), AccessLog.OFF);
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext ctx)) {
      LOG.warn("logs dir={} not written: SLF4J is bound to {}, not Logback", dir, factory.getClass().getName());
      return new LogFiles(dir, List.of(), AccessLog.OFF);
    }
    String tag = Integer.toHexString(System.identityHashCode(dir));
    // Handler output is written off the request path; WARN and ERROR are flushed as they are logged.
    String runtimeName = "fastfn-" + LogFile.RUNTIME.id() + "-" + tag;
    AsyncFileAppender runtime = new AsyncFileAppender(
        appender(ctx, dir, LogFile.RUNTIME, TIME + " %msg%n", runtimeName, false));
    runtime.setContext(ctx);
    runtime.setName(runtimeName + "-async");
    runtime.start();
    ch.qos.logback.classic.Logger runtimeLogger = ctx.getLogger(LogFile.RUNTIME.loggerName());
    if (runtimeLogger.getLevel() == null) {
      runtimeLogger.setLevel(Level.INFO); // handler output must reach the file even if root is quieter
    }
    Appender<ILoggingEvent> error = appender(ctx, dir, LogFile.ERROR, TIME + " %-5level %logger{36} - %msg%n%ex",
        "fastfn-" + LogFile.ERROR.id() + "-" + tag, true);
    List<Attached> attached = List.of(attach(runtimeLogger, runtime),
        attach(ctx.getLogger(LogFile.ERROR.loggerName()), error));
    return new LogFiles(dir, attached, openAccessLog(dir, tag));
  }

  private static Attached attach(ch.qos.logback.classic.Logger logger, Appender<ILoggingEvent> appender) {
    logger.addAppender(appender);
    return new Attached(logger, appender);
  }

  private static AccessLog openAccessLog(Path dir, String tag) {
    Path file = LogFile.ACCESS.in(dir);
    try {
      return AccessLog.open(file, FileSize.valueOf(MAX_FILE_SIZE).getSize(), KEPT_FILES, "fastfn-log-access-" + tag);
    } catch (IOException e) {
      LOG.warn("log file={} cannot be opened ({}); requests are not logged", file, e.toString());
      return AccessLog.OFF;
    }
  }

  private static RollingFileAppender<ILoggingEvent> appender(LoggerContext ctx, Path dir, LogFile f,
      String pattern, String name, boolean immediateFlush) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setImmediateFlush(immediateFlush);
    appender.setContext(ctx);
    appender.setName(name);
    appender.setFile(f.in(dir).toString());
    appender.setAppend(true);
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(ctx);
    rolling.setParent(appender);
    rolling.setFileNamePattern(dir.resolve(f.id() + ".%i.log").toString());
    rolling.setMinIndex(1);
    rolling.setMaxIndex(KEPT_FILES);
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(ctx);
    trigger.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
    trigger.start();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(pattern);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.setEncoder(encoder);
    if (f == LogFile.ERROR) {
      ThresholdFilter warn = new ThresholdFilter();
      warn.setLevel("WARN");
      warn.start();
      appender.addFilter(warn);
    }
    appender.start();
    return appender;
  }

  public Path dir() {
    return dir;
  }

  /** Where the gateway records each request. */
  public AccessLog access() {
    return access;
  }

  /**
   * Waits (briefly) until every line logged before this call is in its file: the access and runtime
   * logs are written by a background thread, and readers such as {@code /_fn/logs} should see their
   * own requests' lines.
   */
  public void sync() {
    access.sync(1000);
    for (Attached a : attached) {
      if (a.appender() instanceof AsyncFileAppender async) {
        async.sync(1000);
      }
    }
  }

  @Override
  public void close() {
    for (Attached a : attached) {
      a.logger().detachAppender(a.appender());
      a.appender().stop();
    }
    access.close();
  }
}
