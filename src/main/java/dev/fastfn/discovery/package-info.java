/**
 * Function discovery: {@link dev.fastfn.discovery.Scanner} walks the functions root and builds an
 * immutable {@link dev.fastfn.discovery.Catalog} (routes, conflicts, function specs with their
 * validated policies); {@link dev.fastfn.discovery.CatalogHolder} publishes it and
 * {@link dev.fastfn.discovery.CatalogWatcher} rescans on change. Also the reusable helpers for
 * client-supplied names ({@link dev.fastfn.discovery.SafeNames}), route strings
 * ({@link dev.fastfn.discovery.RoutePaths}) and {@code fn.env.json}
 * ({@link dev.fastfn.discovery.FunctionEnvFile}).
 *
 * <p>Imports only {@code dev.fastfn.config}.
 */
package dev.fastfn.discovery;
