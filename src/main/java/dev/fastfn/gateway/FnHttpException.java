package dev.fastfn.gateway;

import java.util.List;
import java.util.Map;

/**
 * Every failure that becomes an HTTP error response. Carries the status, the message that becomes
 * {@code {"error": message}}, optional sibling JSON keys and headers. Rendered only by
 * {@link HttpErrors}. Expected failures skip the stack trace.
 */
public abstract sealed class FnHttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final Map<String, Object> extra;

  protected FnHttpException(int status, String message) {
    this(status, message, Map.of());
  }

  /** {@code extra}: sibling keys of {@code error} that say more, for clients that act on them. */
  protected FnHttpException(int status, String message, Map<String, Object> extra) {
    super(message, null, false, false);
    this.status = status;
    this.extra = Map.copyOf(extra);
  }

  public int status() {
    return status;
  }

  public Map<String, Object> extraFields() {
    return extra;
  }

  public Map<String, String> headers() {
    return Map.of();
  }

  /** 400: malformed or invalid input. */
  public static final class BadRequest extends FnHttpException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
      this(message, Map.of());
    }

    /** With sibling keys that say what was wrong, for clients that act on it. */
    public BadRequest(String message, Map<String, Object> extra) {
      super(400, message, extra);
    }
  }

  /** 401: authentication required. */
  public static final class Unauthorized extends FnHttpException {
    private static final long serialVersionUID = 1L;

    public Unauthorized(String message) {
      super(401, message);
    }
  }

  /** 403: not allowed for this caller. */
  public static final class Forbidden extends FnHttpException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String message) {
      super(403, message);
    }
  }

  /** 404: no such route, function, version, job or endpoint. */
  public static final class NotFound extends FnHttpException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      this(message, Map.of());
    }

    public NotFound() {
      this("not found");
    }

    /** With sibling keys that say what was found instead (a job's {@code status}). */
    public NotFound(String message, Map<String, Object> extra) {
      super(404, message, extra);
    }
  }

  /** 405 with Allow: the route or endpoint exists but not for this method (D2). */
  public static final class MethodNotAllowed extends FnHttpException {
    private static final long serialVersionUID = 1L;
    private final List<String> allowed;

    public MethodNotAllowed(List<String> allowed) {
      super(405, "method not allowed");
      this.allowed = List.copyOf(allowed);
    }

    public List<String> allowed() {
      return allowed;
    }

    @Override
    public Map<String, Object> extraFields() {
      return Map.of("allowed_methods", allowed);
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Allow", String.join(", ", allowed));
    }
  }

  /** 409: a state conflict (exists already, ambiguous name, route conflict, job not cancelable). */
  public static final class Conflict extends FnHttpException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      this(message, Map.of());
    }

    public Conflict(String message, Map<String, Object> extra) {
      super(409, message, extra);
    }
  }

  /** 413: request body over max_body_bytes. */
  public static final class PayloadTooLarge extends FnHttpException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLarge() {
      super(413, "payload too large");
    }
  }

  /** 421: the route's allow_hosts does not include the request host. */
  public static final class HostNotAllowed extends FnHttpException {
    private static final long serialVersionUID = 1L;

    public HostNotAllowed() {
      super(421, "host not allowed");
    }
  }

  /**
   * 429 (or the configured overflow status): concurrency limit or admission queue exhausted. The
   * message is one of two fixed strings; the numbers behind a drop go to the server log and to the
   * health report's {@code worker_pool.queue_drops}, not to the client.
   */
  public static final class Overloaded extends FnHttpException {
    private static final long serialVersionUID = 1L;
    // Exact strings are public API, byte for byte as the reference sends them (platform.md §1.3 step 12).
    public static final String OVERFLOW = "worker pool overflow";
    public static final String QUEUE_TIMEOUT = "worker pool queue timeout";

    private Overloaded(int status, String message) {
      super(status, message);
    }

    /** Every slot busy and the queue full (or no queue). */
    public static Overloaded overflow(int status) {
      return new Overloaded(status, OVERFLOW);
    }

    /** Waited in the queue for queue_timeout_ms without getting a slot. */
    public static Overloaded queueTimeout(int status) {
      return new Overloaded(status, QUEUE_TIMEOUT);
    }
  }

  /** 429 for console rate limits, with Retry-After. */
  public static final class RateLimited extends FnHttpException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public RateLimited(long retryAfterSeconds) {
      this("rate limit exceeded", retryAfterSeconds);
    }

    public RateLimited(String message, long retryAfterSeconds) {
      super(429, message);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    }
  }

  /**
   * A call the runtime could not answer (503, 504, 502; platform.md §1.3 step 15): sibling keys for
   * {@code /_fn/invoke} ({@code latency_ms}) and, when the call found its function cold, headers that
   * tell the client the function is still warming and may retry in a second.
   */
  public abstract static sealed class RuntimeFailure extends FnHttpException
      permits RuntimeUnavailable, RuntimeTimeout, BadRuntimeResponse {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> headers;

    RuntimeFailure(int status, String message, Map<String, Object> extra, boolean warming, long retryAfterSeconds) {
      super(status, message, extra);
      if (warming) {
        this.headers = Map.of("X-FastFN-Warming", "true", "Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
      } else {
        this.headers = retryAfterSeconds > 0 ? Map.of("Retry-After", Long.toString(retryAfterSeconds)) : Map.of();
      }
    }

    @Override
    public Map<String, String> headers() {
      return headers;
    }
  }

  /** 503: the function cannot run now (worker cannot start, dependencies installing). */
  public static final class RuntimeUnavailable extends RuntimeFailure {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public RuntimeUnavailable(String message) {
      this(message, 0);
    }

    public RuntimeUnavailable(String message, long retryAfterSeconds) {
      this(message, retryAfterSeconds, Map.of(), false);
    }

    /** @param warming the call found the function cold (adds {@code X-FastFN-Warming: true}) */
    public RuntimeUnavailable(String message, long retryAfterSeconds, boolean warming) {
      this(message, retryAfterSeconds, Map.of(), warming);
    }

    /** With sibling keys ({@code /_fn/invoke} adds {@code latency_ms}). */
    public RuntimeUnavailable(String message, long retryAfterSeconds, Map<String, Object> extra) {
      this(message, retryAfterSeconds, extra, false);
    }

    private RuntimeUnavailable(String message, long retryAfterSeconds, Map<String, Object> extra, boolean warming) {
      super(503, message, extra, warming, retryAfterSeconds);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /** 504: the handler did not finish within timeout_ms. */
  public static final class RuntimeTimeout extends RuntimeFailure {
    private static final long serialVersionUID = 1L;

    public RuntimeTimeout() {
      this(false);
    }

    /** @param warming the call found the function cold (adds {@code X-FastFN-Warming} and {@code Retry-After}) */
    public RuntimeTimeout(boolean warming) {
      super(504, "runtime timeout", Map.of(), warming, 0);
    }

    /** With a longer message and sibling keys ({@code /_fn/invoke} adds {@code latency_ms}). */
    public RuntimeTimeout(String message, Map<String, Object> extra) {
      super(504, message, extra, false, 0);
    }
  }

  /** 502: the worker crashed or broke the protocol. */
  public static final class BadRuntimeResponse extends RuntimeFailure {
    private static final long serialVersionUID = 1L;
    private final String detail;

    public BadRuntimeResponse(String message) {
      this(message, "");
    }

    /**
     * @param detail what exactly was wrong; not rendered (public routes answer the bare message), but
     *     {@code /_fn/invoke} shows it to the console user
     */
    public BadRuntimeResponse(String message, String detail) {
      this(message, detail, false);
    }

    /** @param warming the call found the function cold (adds {@code X-FastFN-Warming} and {@code Retry-After}) */
    public BadRuntimeResponse(String message, String detail, boolean warming) {
      this(message, detail, Map.of(), warming);
    }

    /** With sibling keys ({@code /_fn/invoke} adds {@code latency_ms}). */
    public BadRuntimeResponse(String message, Map<String, Object> extra) {
      this(message, "", extra, false);
    }

    private BadRuntimeResponse(String message, String detail, Map<String, Object> extra, boolean warming) {
      super(502, message, extra, warming, 0);
      this.detail = detail;
    }

    /** The unrendered detail; empty when the message says it all. */
    public String detail() {
      return detail;
    }
  }

  /** 500 with a message that is safe to show (e.g. a dependency install error). */
  public static final class InternalError extends FnHttpException {
    private static final long serialVersionUID = 1L;

    public InternalError(String message) {
      super(500, message);
    }
  }
}
