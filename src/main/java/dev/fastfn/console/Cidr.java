package dev.fastfn.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code fd00::/8} (FN_TRUSTED_PROXY_CIDRS). A bare
 * address is a block of one.
 */
record Cidr(byte[] network, int prefixBits) {
  Cidr {
    network = network.clone();
    if (prefixBits < 0 || prefixBits > network.length * 8) {
      throw new IllegalArgumentException("prefix out of range: " + prefixBits);
    }
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  /** Parses "a.b.c.d/n", "x::y/n" or a bare address; empty for anything else. Never resolves names. */
  static Optional<Cidr> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    Optional<InetAddress> ip = ClientAddress.literal(addr);
    if (ip.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = ip.get().getAddress();
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (bits < 0 || bits > bytes.length * 8) {
        return Optional.empty();
      }
    }
    return Optional.of(new Cidr(bytes, bits));
  }

  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefixBits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  static InetAddress unchecked(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
