/**
 * Runs handlers: a pool of Python or Node worker processes per function version, spoken to over their
 * stdin/stdout pipes with length-prefixed JSON frames ({@code resources/runtime/PROTOCOL.md}).
 *
 * <p>Public surface: {@link dev.fastfn.runtime.FunctionRunner} (implemented by
 * {@link dev.fastfn.runtime.WorkerPools}), its outcome types, {@link dev.fastfn.runtime.WorkerPreparer}
 * (the dependency hook) and {@link dev.fastfn.runtime.HealthSnapshot}.
 */
package dev.fastfn.runtime;
