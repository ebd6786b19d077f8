package dev.fastfn.jobs;

import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.runtime.CallOutcome;
import dev.fastfn.runtime.Deadline;
import dev.fastfn.runtime.FunctionRunner;
import dev.fastfn.runtime.WorkerReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stands in for the worker processes (runtime package) in tests that exercise the real Invoker
 * without python/node: each call is answered by a function of (spec, event). Records every event.
 */
public final class StubRunner implements FunctionRunner {
  private final BiFunction<FunctionSpec, ObjectNode, CallOutcome> answer;
  public final List<ObjectNode> events = Collections.synchronizedList(new ArrayList<>());

  public StubRunner(BiFunction<FunctionSpec, ObjectNode, CallOutcome> answer) {
    this.answer = answer;
  }

  /** Answers 200 with the event as JSON body. */
  public static StubRunner echo() {
    return new StubRunner((fn, event) -> reply(200, event.toString()));
  }

  public static CallOutcome reply(int status, String body) {
    return new CallOutcome.Ok(new WorkerReply(status, Map.of("Content-Type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8), "", "", 0, false));
  }

  @Override
  public CallOutcome call(FunctionSpec fn, ObjectNode event, Deadline deadline) {
    events.add(event.deepCopy());
    return answer.apply(fn, event);
  }

  @Override
  public void close() {}
}
