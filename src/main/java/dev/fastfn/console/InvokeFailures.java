package dev.fastfn.console;

import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.Invocation;
import dev.fastfn.gateway.InvokeResult;
import dev.fastfn.gateway.Invoker;
import java.util.Map;

/**
 * Runtime failures as {@code POST /_fn/invoke} words them (console-api.md §4.14):
 * {@code {"error":"<prefix>: <detail>","latency_ms":n}} with the prefixes {@code runtime timeout} (504),
 * {@code runtime unavailable} (503), {@code invalid runtime response} and {@code runtime error} (502).
 * Public routes keep the Invoker's bare messages; only the console, whose user debugs the function,
 * gets the detail and the time spent.
 */
final class InvokeFailures {
  private InvokeFailures() {}

  /** Runs {@code inv}; a runtime failure is rethrown in the invoke form, anything else as it came. */
  static InvokeResult call(Invoker invoker, Invocation inv) {
    long started = System.nanoTime();
    try {
      return invoker.invoke(inv);
    } catch (FnHttpException.RuntimeTimeout e) {
      throw new FnHttpException.RuntimeTimeout(
          "runtime timeout: exceeded " + inv.fn().policy().timeoutMs() + " ms", latency(started));
    } catch (FnHttpException.RuntimeUnavailable e) {
      // The Invoker's message is the reason alone (e.g. why the worker could not start).
      throw new FnHttpException.RuntimeUnavailable("runtime unavailable: " + e.getMessage(), e.retryAfterSeconds(),
          latency(started));
    } catch (FnHttpException.BadRuntimeResponse e) {
      // "runtime error: <reason>" already carries its detail; "invalid runtime response" keeps it aside.
      String message = e.detail().isEmpty() ? e.getMessage() : e.getMessage() + ": " + e.detail();
      throw new FnHttpException.BadRuntimeResponse(message, latency(started));
    }
  }

  private static Map<String, Object> latency(long startedNanos) {
    return Map.of("latency_ms", (System.nanoTime() - startedNanos) / 1_000_000);
  }
}
