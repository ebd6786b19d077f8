/**
 * Request routing: {@link dev.fastfn.routing.Router} matches (method, Host, path) against a
 * {@link dev.fastfn.discovery.Catalog} snapshot and returns a {@link dev.fastfn.routing.RouteMatch}.
 * Pure code: no I/O, threads or logging. Imports {@code discovery} and {@code config} only.
 */
package dev.fastfn.routing;
