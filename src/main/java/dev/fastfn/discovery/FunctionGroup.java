package dev.fastfn.discovery;

import dev.fastfn.config.RuntimeKind;
import java.util.List;
import java.util.Map;

/**
 * A named function with its versions, as the console and {@code /_fn/invoke} address it
 * ({@code runtime}, {@code name}, {@code version}). File routes also appear as groups named by
 * their file path, with only a default version.
 *
 * @param defaultSpec the default version, or null when only version folders exist
 * @param versions versions by label (sorted)
 */
public record FunctionGroup(
    RuntimeKind runtime, String name, FunctionSpec defaultSpec, Map<String, FunctionSpec> versions) {
  public FunctionGroup {
    versions = Map.copyOf(versions);
  }

  public boolean hasDefault() {
    return defaultSpec != null;
  }

  public List<String> versionLabels() {
    return versions.keySet().stream().sorted().toList();
  }

  /** The spec for a version label; null label means default. */
  public FunctionSpec version(String label) {
    return label == null || label.equals("default") && !versions.containsKey("default")
        ? defaultSpec
        : versions.get(label);
  }
}
