package dev.fastfn.routing;

import java.util.List;
import java.util.Locale;

/**
 * One {@code allow_hosts} entry (routing.md §4.4): {@code a.example.com} matches that host on any
 * port, {@code a.example.com:8443} only that authority, {@code *.example.com} any sub-domain but
 * not the apex. Immutable.
 */
final class HostRule {
  private final String host;
  private final String port;
  private final boolean wildcard;

  private HostRule(String host, String port, boolean wildcard) {
    this.host = host;
    this.port = port;
    this.wildcard = wildcard;
  }

  static HostRule[] compile(List<String> entries) {
    HostRule[] out = new HostRule[entries.size()];
    for (int i = 0; i < out.length; i++) {
      String[] hp = splitPort(entries.get(i).toLowerCase(Locale.ROOT));
      boolean wild = hp[0].startsWith("*.");
      out[i] = new HostRule(wild ? hp[0].substring(1) : hp[0], hp[1], wild);
    }
    return out;
  }

  /** True when no rules, or one rule matches the request host (a Host header value, may be null). */
  static boolean allows(HostRule[] rules, RequestHost request) {
    if (rules.length == 0) {
      return true;
    }
    if (request.host().isEmpty()) {
      return false;
    }
    for (HostRule r : rules) {
      if (r.matches(request)) {
        return true;
      }
    }
    return false;
  }

  private boolean matches(RequestHost req) {
    if (port != null && !port.equals(req.port())) {
      return false;
    }
    if (wildcard) {
      // host holds ".example.com": a sub-domain needs at least one more label
      return req.host().length() > host.length() && req.host().endsWith(host);
    }
    return req.host().equals(host);
  }

  /** [host, port or null]; handles "[::1]:8080". */
  static String[] splitPort(String authority) {
    String a = authority.trim();
    if (a.startsWith("[")) {
      int end = a.indexOf(']');
      if (end > 0) {
        String h = a.substring(0, end + 1);
        String rest = a.substring(end + 1);
        return new String[] {h, rest.startsWith(":") && rest.length() > 1 ? rest.substring(1) : null};
      }
      return new String[] {a, null};
    }
    int colon = a.indexOf(':');
    if (colon >= 0 && colon == a.lastIndexOf(':')) {
      String p = a.substring(colon + 1);
      return new String[] {a.substring(0, colon), p.isEmpty() ? null : p};
    }
    return new String[] {a, null};
  }

  /** The request's Host header, lower-cased and split; a trailing dot of the host is dropped. */
  record RequestHost(String host, String port) {
    static RequestHost parse(String header) {
      if (header == null || header.isBlank()) {
        return new RequestHost("", null);
      }
      String[] hp = splitPort(header.toLowerCase(Locale.ROOT));
      String h = hp[0].endsWith(".") ? hp[0].substring(0, hp[0].length() - 1) : hp[0];
      return new RequestHost(h, hp[1]);
    }
  }
}
