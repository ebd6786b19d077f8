/**
 * Function dependencies (runtimes.md §5, DESIGN D15): pip installs into {@code <fnDir>/.deps}, npm
 * installs into {@code <fnDir>/node_modules}, optional import inference, shared packs under
 * {@code <root>/.fastfn/packs/<runtime>/<pack>}, and the {@code .fastfn-deps-state.json} file the
 * console shows as {@code metadata.dependency_resolution}.
 *
 * <p>Entry points: {@link dev.fastfn.deps.DependencyService} (install before a worker loads a function),
 * {@link dev.fastfn.deps.Manifests} and {@link dev.fastfn.deps.Packs} (pure readers for the console).
 */
package dev.fastfn.deps;
