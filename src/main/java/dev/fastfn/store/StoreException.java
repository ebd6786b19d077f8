package dev.fastfn.store;

/** A database failure the caller cannot fix (disk full, corrupt file, lock timeout). */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
