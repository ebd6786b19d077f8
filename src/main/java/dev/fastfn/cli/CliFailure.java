package dev.fastfn.cli;

/**
 * An expected command failure: printed as {@code Error: <message>} on stderr, exit code 1
 * (security-cli-ui.md B2). Anything else that escapes a command is unexpected and printed the same
 * way, so users never see a stack trace for a bad flag or a missing folder.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliFailure(String message) {
    super(message, null, false, false);
  }
}
