/**
 * The HTTP edge. {@code Gateway} is the one Helidon handler: {@code /_fn/*} goes to the
 * {@code ControlRoutes} table, everything else is routed to a function and run by the
 * {@code Invoker}, the single path every invocation takes (public HTTP, /_fn/invoke, jobs, schedules):
 * method check, body limit, admission, deadline, worker call. Errors leave only through
 * {@code HttpErrors}.
 */
package dev.fastfn.gateway;
