package dev.fastfn.console;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is calling, for the console guard (security-cli-ui.md A5). Without trusted proxies the client
 * is the TCP peer, and any {@code X-Forwarded-For} makes the request non-local (proxied traffic never
 * earns local trust). With FN_TRUSTED_PROXY_CIDRS and a peer inside them, the client is the right-most
 * X-Forwarded-For hop that is not a trusted proxy, and locality is judged on that address.
 *
 * @param ip the client address used for locality and rate-limit keys (IPv4-mapped IPv6 normalized)
 * @param local whether the request counts as local
 */
record ClientAddress(String ip, boolean local) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

  /**
   * @param peer TCP peer address text (may be IPv4-mapped IPv6)
   * @param forwardedFor the X-Forwarded-For header, or null
   * @param trustedProxies parsed FN_TRUSTED_PROXY_CIDRS (empty = feature off)
   */
  static ClientAddress of(String peer, String forwardedFor, List<Cidr> trustedProxies) {
    String ip = normalize(peer);
    boolean hasXff = forwardedFor != null && !forwardedFor.isBlank();
    if (!hasXff) {
      return new ClientAddress(ip, isLocalAddress(ip));
    }
    Optional<InetAddress> peerAddr = literal(ip);
    boolean peerTrusted = peerAddr.isPresent() && trustedProxies.stream().anyMatch(c -> c.contains(peerAddr.get()));
    if (!peerTrusted) {
      return new ClientAddress(ip, false);
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = normalize(hops[i].trim());
      Optional<InetAddress> a = literal(hop);
      if (a.isEmpty()) {
        return new ClientAddress(ip, false); // garbage in the chain: trust nothing
      }
      boolean trusted = trustedProxies.stream().anyMatch(c -> c.contains(a.get()));
      if (!trusted) {
        return new ClientAddress(hop, isLocalAddress(hop));
      }
    }
    // every hop is a trusted proxy: the left-most one is the client
    String first = normalize(hops[0].trim());
    return new ClientAddress(first, isLocalAddress(first));
  }

  /** The reference's local test: loopback, RFC 1918, IPv6 ULA and link-local. */
  static boolean isLocalAddress(String ip) {
    if (ip == null || ip.isEmpty()) {
      return false;
    }
    String a = ip.toLowerCase(Locale.ROOT);
    if (a.equals("127.0.0.1") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    if (a.startsWith("10.") || a.startsWith("192.168.")) {
      return true;
    }
    if (a.startsWith("172.")) {
      String[] parts = a.split("\\.");
      if (parts.length == 4) {
        try {
          int second = Integer.parseInt(parts[1]);
          return second >= 16 && second <= 31;
        } catch (NumberFormatException e) {
          return false;
        }
      }
      return false;
    }
    return a.contains(":") && (a.startsWith("fc") || a.startsWith("fd") || a.startsWith("fe80:"));
  }

  /** Strips brackets and zone ids; turns {@code ::ffff:a.b.c.d} into {@code a.b.c.d}. */
  static String normalize(String addr) {
    if (addr == null) {
      return "";
    }
    String a = addr.trim();
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    String lower = a.toLowerCase(Locale.ROOT);
    if (lower.startsWith("::ffff:") && IPV4.matcher(lower.substring(7)).matches()) {
      return lower.substring(7);
    }
    Optional<InetAddress> parsed = literal(a);
    if (parsed.isPresent() && parsed.get() instanceof Inet4Address) {
      return parsed.get().getHostAddress(); // also maps 0:0:0:0:0:ffff:x forms handled by the JDK
    }
    if (parsed.isPresent() && parsed.get() instanceof Inet6Address v6 && v6.isLoopbackAddress()) {
      return "::1";
    }
    return a;
  }

  /** Parses an IP literal without any name lookup. */
  static Optional<InetAddress> literal(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    boolean v4 = IPV4.matcher(text).matches();
    if (!v4 && !(text.contains(":") && IPV6.matcher(text).matches())) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text)); // a literal: no DNS lookup happens
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
