package dev.fastfn.gateway;

import dev.fastfn.discovery.FunctionSpec;
import java.util.Map;

/**
 * Console-managed secrets a function may see as {@code event.secrets} (D9: only keys its fn.env.json
 * marks as secret; none for a function without fn.env.json).
 */
@FunctionalInterface
public interface SecretsSource {
  SecretsSource NONE = fn -> Map.of();

  Map<String, String> secretsFor(FunctionSpec fn);
}
