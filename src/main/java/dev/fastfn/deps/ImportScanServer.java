package dev.fastfn.deps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Keeps one Python interpreter running {@code py_imports.py --serve} so an import scan costs a
 * round trip instead of an interpreter start (tens of milliseconds; seconds behind a pyenv shim),
 * and remembers answers by the files' size and mtime so unchanged code is never rescanned.
 *
 * <p>Thread-safe: requests are serialized on one lock (scans take about a millisecond). A scanner
 * that dies, hangs past the timeout or answers garbage is stopped; the caller then falls back to a
 * one-shot scan and the next request starts a fresh server.
 */
final class ImportScanServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImportScanServer.class);
  private static final int CACHE_ENTRIES = 1024;

  /** What one scan found: top-level non-stdlib imports, and files that did not parse. */
  record Answer(List<String> imports, List<String> errors) {
    Answer {
      imports = List.copyOf(imports);
      errors = List.copyOf(errors);
    }
  }

  private final List<String> command;
  private final Map<String, String> env;
  private final Duration timeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Answer> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
      return size() > CACHE_ENTRIES;
    }
  };
  private volatile Process process; // written under lock; read by close()
  private BufferedReader out; // guarded by lock
  private volatile boolean closed;

  ImportScanServer(String pythonBin, String script, Map<String, String> env, Duration timeout) {
    this.command = List.of(pythonBin, "-I", "-u", "-c", script, "--serve");
    this.env = Map.copyOf(env);
    this.timeout = timeout;
  }

  /** The imports of {@code files}, or null when the server cannot answer (use a one-shot scan). */
  Answer scan(List<Path> files) {
    String key = statKey(files);
    lock.lock();
    try {
      Answer cached = key == null ? null : cache.get(key);
      if (cached != null || closed) {
        return cached;
      }
      Answer a = ask(files);
      if (a != null && key != null) {
        cache.put(key, a);
      }
      return a;
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds the lock. */
  private Answer ask(List<Path> files) {
    try {
      if (process == null || !process.isAlive()) {
        start();
      }
      StringBuilder req = new StringBuilder("{\"files\":[");
      for (int i = 0; i < files.size(); i++) {
        req.append(i == 0 ? "" : ",").append(DepsJson.MAPPER.writeValueAsString(files.get(i).toString()));
      }
      req.append("]}\n");
      OutputStream in = process.getOutputStream();
      in.write(req.toString().getBytes(StandardCharsets.UTF_8));
      in.flush();
      String line = readLine();
      JsonNode n = DepsJson.MAPPER.readTree(line);
      List<String> imports = new ArrayList<>();
      n.path("imports").forEach(e -> imports.add(e.asString()));
      List<String> errors = new ArrayList<>();
      n.path("errors").forEach(e -> errors.add(e.asString()));
      return new Answer(imports, errors);
    } catch (IOException | RuntimeException e) {
      if (closed) { // close() killed it under this scan: the server is stopping
        LOG.debug("import scanner stopped during a scan: {}", e.toString());
      } else {
        LOG.warn("import scanner failed ({}); falling back to one-shot scans until it restarts", e.toString());
      }
      stop();
      return null;
    }
  }

  /**
   * One answer line, read on the calling thread (no hand-off: a scan is on the path of console writes
   * and cold starts). A watchdog kills a scanner that has not answered within the timeout, which
   * closes the pipe and ends the read.
   */
  private String readLine() throws IOException {
    Process p = process;
    CompletableFuture<Void> watchdog = CompletableFuture.runAsync(p::destroyForcibly,
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
    try {
      String line = out.readLine();
      if (line == null) {
        throw new IOException(watchdog.isDone() ? "scanner did not answer within " + timeout.toMillis() + " ms"
            : "scanner exited");
      }
      return line;
    } finally {
      watchdog.cancel(false);
    }
  }

  private void start() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    process = p;
    if (closed) { // close() ran meanwhile and may not have seen this process
      p.destroyForcibly();
      throw new IOException("closed");
    }
  }

  /** Caller holds the lock. */
  private void stop() {
    if (process != null) {
      process.destroyForcibly();
      process = null;
      out = null;
    }
  }

  /** "path:size:mtime;..." or null when a file cannot be read (then the answer is not cached). */
  private static String statKey(List<Path> files) {
    StringBuilder sb = new StringBuilder();
    for (Path p : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        sb.append(p).append(':').append(a.size()).append(':').append(a.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append(';');
      } catch (IOException e) {
        return null;
      }
    }
    return sb.toString();
  }

  /** Does not wait for a scan in progress: killing the process ends its read at once. */
  @Override
  public void close() {
    closed = true;
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }
}
