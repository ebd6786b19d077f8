package dev.fastfn.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream fully but fails with 413 as soon as it passes the limit (covers chunked bodies). */
final class BoundedReader {
  private BoundedReader() {}

  static byte[] readAll(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > limit) {
        throw new FnHttpException.PayloadTooLarge();
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
