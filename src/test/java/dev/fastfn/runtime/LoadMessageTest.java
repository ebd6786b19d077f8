package dev.fastfn.runtime;

import static dev.fastfn.runtime.Fixtures.JSON;
import static dev.fastfn.runtime.Fixtures.node;
import static dev.fastfn.runtime.Fixtures.python;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class LoadMessageTest {
  @TempDir
  Path root;

  @Test
  void a_load_message_names_the_function_its_entry_its_environment_and_its_import_paths() {
    FunctionSpec fn = python(root, "api").version("v2").handler("main").adapter("aws-lambda").spec();
    Path deps = fn.functionDir().resolve(".deps");

    ObjectNode m = LoadMessage.of(JSON, fn, Map.of("FOO", "bar"), List.of(deps));

    assertThat(m.get("type").asString()).isEqualTo("load");
    assertThat(m.get("key").asString()).isEqualTo(fn.key());
    assertThat(m.get("name").asString()).isEqualTo("api");
    assertThat(m.get("version").asString()).isEqualTo("v2");
    assertThat(m.get("dir").asString()).isEqualTo(fn.functionDir().toString());
    assertThat(m.get("entry").asString()).isEqualTo(fn.entryFile().toString());
    assertThat(m.get("handler").asString()).isEqualTo("main");
    assertThat(m.get("adapter").asString()).isEqualTo("aws-lambda");
    assertThat(m.get("env").toString()).isEqualTo("{\"FOO\":\"bar\"}");
    assertThat(m.get("paths").toString()).isEqualTo("[\"" + deps + "\"]");
    assertThat(m.get("threads").asInt()).isEqualTo(20); // the function's max_concurrency
  }

  @Test
  void a_blank_handler_name_and_adapter_mean_the_defaults() {
    FunctionSpec fn = node(root, "plain").handler(" ").adapter("").spec();

    JsonNode m = LoadMessage.of(JSON, fn, Map.of(), List.of());

    assertThat(m.get("handler").asString()).isEqualTo("handler");
    assertThat(m.get("adapter").asString()).isEqualTo("native");
    assertThat(m.get("paths").isEmpty()).isTrue();
  }

  @Test
  void exercising_the_load_frames_starts_no_worker_and_no_pool() {
    try (WorkerPools pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), Clock.systemUTC(),
        Fixtures.options().withSpares(0))) {
      List<FunctionSpec> fns = List.of(python(root, "a").spec(), node(root, "b").spec());

      assertThat(pools.exercise(fns, 30, Duration.ofSeconds(30))).isEqualTo(30);

      HealthSnapshot health = pools.health();
      assertThat(health.pools()).isEmpty();
      assertThat(health.runtimes()).allSatisfy(rt -> assertThat(rt.workers() + rt.spareWorkers()).isZero());
    }
  }
}
