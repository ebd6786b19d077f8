package dev.fastfn.discovery;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * "Is this a file / a folder itself, not a link to one" without the cost of asking about a missing
 * path. The JDK answers {@code Files.isRegularFile(p, NOFOLLOW_LINKS)} for a missing path by throwing
 * and catching an exception inside (with its stack trace), while the link-following
 * {@link Files#exists(Path, LinkOption...)} asks the OS directly. Scans and console writes probe
 * dozens of usually absent files (manifests, env files, configs), so they ask that first: when it
 * says no, the path is missing or a dangling link, and neither is a file or a folder.
 */
public final class FileKinds {
  private FileKinds() {
  }

  /** A regular file, not a symbolic link. */
  public static boolean isFile(Path p) {
    return Files.exists(p) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
  }

  /** A directory, not a symbolic link. */
  public static boolean isDirectory(Path p) {
    return Files.exists(p) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
  }
}
