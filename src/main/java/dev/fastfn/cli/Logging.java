package dev.fastfn.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes java.util.logging into SLF4J (System.Logger is bridged by slf4j-jdk-platform-logging). */
final class Logging {
  private Logging() {}

  static void install() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }
}
