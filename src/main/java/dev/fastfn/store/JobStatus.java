package dev.fastfn.store;

import java.util.Locale;
import java.util.Optional;

/** Life cycle of a job: queued -> running -> done | failed, queued -> canceled; running -> queued on retry. */
public enum JobStatus {
  QUEUED, RUNNING, DONE, FAILED, CANCELED;

  /** The lower-case name used in JSON and in the database. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean finished() {
    return this == DONE || this == FAILED || this == CANCELED;
  }

  public static Optional<JobStatus> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (JobStatus v : values()) {
      if (v.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
