/**
 * Durable async jobs: {@code /_fn/jobs} (enqueue, list, get, result, cancel), the queue service
 * ({@link dev.fastfn.jobs.JobQueue}) and the runner ({@link dev.fastfn.jobs.JobRunner}) that claims due
 * jobs with a lease and runs them through the same {@link dev.fastfn.gateway.Invoker} as public traffic.
 *
 * <p>Imports gateway (Invoker, errors), discovery (Catalog) and store.
 */
package dev.fastfn.jobs;
