/**
 * Log files under {@code <data dir>/logs} ({@code runtime.log}, {@code access.log}, {@code error.log},
 * rotated by size) and {@code GET /_fn/logs} (platform.md §7). {@link dev.fastfn.logs.LogFiles} attaches
 * the file appenders to Logback at server start; {@link dev.fastfn.logs.LogTail} and
 * {@link dev.fastfn.logs.LogFilter} are shared by the endpoint and {@code fastfn logs}.
 */
package dev.fastfn.logs;
