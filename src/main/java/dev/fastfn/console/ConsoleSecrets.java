package dev.fastfn.console;

import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.gateway.SecretsSource;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code event.secrets} for an invocation (D9): only the console secrets whose keys the function's
 * fn.env.json marks {@code "is_secret": true}; nothing for a function without fn.env.json.
 */
public final class ConsoleSecrets implements SecretsSource {
  private final SecretStore store;

  public ConsoleSecrets(SecretStore store) {
    this.store = store;
  }

  @Override
  public Map<String, String> secretsFor(FunctionSpec fn) {
    if (fn.secretKeys().isEmpty()) {
      return Map.of();
    }
    Map<String, String> all = store.values();
    Map<String, String> out = new TreeMap<>();
    for (String k : fn.secretKeys()) {
      String v = all.get(k);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }
}
