package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * "Is this a file / a folder itself, not a link to one" in one stat, and without the cost of asking
 * about a missing path. {@code Files.isRegularFile(p, NOFOLLOW_LINKS)} answers for a missing path by
 * throwing and catching an exception inside (with its stack trace); scans and console writes probe
 * dozens of usually absent files (manifests, env files, configs) and vanished temp entries, so they
 * ask the provider's {@code readAttributesIfExists}, which answers null instead.
 */
public final class FileKinds {
  private FileKinds() {
  }

  /** A regular file, not a symbolic link. */
  public static boolean isFile(Path p) {
    BasicFileAttributes a = attributes(p);
    return a != null && a.isRegularFile();
  }

  /** A directory, not a symbolic link. */
  public static boolean isDirectory(Path p) {
    BasicFileAttributes a = attributes(p);
    return a != null && a.isDirectory();
  }

  /** The attributes of {@code p} itself (a symbolic link is not followed), or null when it is missing or unreadable. */
  static BasicFileAttributes attributes(Path p) {
    try {
      return p.getFileSystem().provider()
          .readAttributesIfExists(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }
}
