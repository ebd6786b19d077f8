package dev.fastfn.logs;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that logging is already set up: fastfn logs through SLF4J and Logback
 * ({@code logback.xml}, {@link LogFiles}). Without a provider Helidon prints "There is no Helidon
 * logging implementation on classpath" to stdout at every start. Found through
 * {@code META-INF/services}; both hooks have nothing to do.
 */
public final class HelidonLogging implements LoggingProvider {
  @Override
  public void initialization() {
    // Logback reads logback.xml itself.
  }

  @Override
  public void runTime() {
    // nothing changes between build time and run time outside native images
  }
}
