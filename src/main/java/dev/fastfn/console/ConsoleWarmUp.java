package dev.fastfn.console;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the read-only half of a console write's answer over the current catalog: plans a create from
 * a body and builds and serializes the details of existing functions. Console writes are rare, so
 * without this the JIT has not compiled that code when the first dozens of them come, and it runs
 * interpreted on the write's path. Writes nothing and starts no worker.
 */
final class ConsoleWarmUp {
  /** A create body like the console's own: the JSON parse and the plan are part of the exercise. */
  private static final byte[] CREATE_BODY = """
      {"methods":["GET"],"summary":"warm-up","timeout_ms":2000,"query_example":{"name":"x"},
       "code":"def handler(event):\\n    return {\\"ok\\": True}\\n"}""".getBytes(StandardCharsets.UTF_8);
  private static final String BASE_URL = "http://127.0.0.1";

  private final CatalogHolder catalogs;
  private final FunctionLocator locator;
  private final FunctionDetails details;
  private final List<RuntimeKind> runtimes;

  ConsoleWarmUp(CatalogHolder catalogs, FunctionLocator locator, FunctionDetails details, List<RuntimeKind> runtimes) {
    this.catalogs = catalogs;
    this.locator = locator;
    this.details = details;
    this.runtimes = runtimes;
  }

  /**
   * {@code passes} rounds (one function's detail each, in turn) or until {@code budget} has passed
   * or the thread is interrupted. Returns how many details it built.
   */
  int run(int passes, Duration budget) {
    Catalog catalog = catalogs.get();
    List<FunctionSpec> functions = List.copyOf(catalog.functions().values());
    if (functions.isEmpty() || runtimes.isEmpty()) {
      return 0;
    }
    int built = 0;
    long end = System.nanoTime() + budget.toNanos();
    for (int i = 0; i < passes && System.nanoTime() - end < 0 && !Thread.currentThread().isInterrupted(); i++) {
      ObjectNode body = (ObjectNode) HttpJson.MAPPER.readTree(CREATE_BODY);
      FunctionCreator.plan(new FunctionRef(runtimes.get(i % runtimes.size()), "warm-up", null), body);
      FunctionSpec fn = functions.get(i % functions.size());
      try {
        FunctionLocator.Located loc = locator.find(catalog, new FunctionRef(fn.runtime(), fn.name(), fn.version()));
        HttpJson.MAPPER.writeValueAsBytes(details.build(catalog, loc, true, BASE_URL));
        built++;
      } catch (FnHttpException e) {
        // a function the console cannot show (ambiguous name, symlinked code): the next one will do
      }
    }
    return built;
  }
}
