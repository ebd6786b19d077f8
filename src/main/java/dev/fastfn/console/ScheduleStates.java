package dev.fastfn.console;

import tools.jackson.databind.node.ObjectNode;

/**
 * The scheduler's view of one function, for {@code metadata.schedule.state} of the function detail:
 * the same object as that function's row of {@code GET /_fn/schedules} ({@code next}, {@code last},
 * {@code last_status}, {@code last_error}, ...), empty when the function has no schedule.
 * Implemented in {@code cli/App} over the schedule loop.
 */
@FunctionalInterface
public interface ScheduleStates {
  ScheduleStates NONE = functionKey -> tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();

  ObjectNode stateOf(String functionKey);
}
