package dev.fastfn.discovery;

import dev.fastfn.config.FastfnConfig;

/** Placeholder until the real scanner lands (discovery branch). */
public final class Scanner {
  private final FastfnConfig config;

  public Scanner(FastfnConfig config) {
    this.config = config;
  }

  public Catalog scan() {
    return Catalog.empty(config.functionsRoot(), config.runtimes());
  }
}
