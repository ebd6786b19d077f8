/**
 * The Console API ({@code /_fn/*}): one class per resource (catalog, reload, packs, function,
 * function-config, function-env, function-code, function-files, function-file-content, invoke,
 * ui-state, secrets, login, logout), the {@link dev.fastfn.console.Guard} that every guarded endpoint
 * passes first, and the console secrets store. {@link dev.fastfn.console.ConsoleApi} builds and
 * registers all of it.
 *
 * <p>Names, versions and paths from clients are validated before any filesystem access (D13); files
 * are written atomically and writes to one function are serialized; every write rescans the catalog
 * before answering, so the next request sees it.
 */
package dev.fastfn.console;
