package dev.fastfn.openapi;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code servers[0].url} (platform.md §6.2): FN_PUBLIC_BASE_URL when set, else scheme and host of the
 * request, {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} (first token) winning over the
 * connection scheme and {@code Host}. A host that is not a plausible {@code host[:port]} is replaced
 * by {@code localhost:8080}, so a forged header cannot inject text into the document.
 */
public final class ServerUrl {
  static final String DEFAULT_HOST = "localhost:8080";
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

  private ServerUrl() {}

  public static String of(String publicBaseUrl, String forwardedProto, String forwardedHost, String host,
      boolean secure) {
    if (publicBaseUrl != null && !publicBaseUrl.isBlank()) {
      String base = publicBaseUrl.trim();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return base;
    }
    String scheme = firstToken(forwardedProto);
    scheme = scheme == null ? (secure ? "https" : "http") : scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      scheme = secure ? "https" : "http";
    }
    String h = firstToken(forwardedHost);
    if (h == null) {
      h = firstToken(host);
    }
    if (h == null || !HOST.matcher(h).matches()) {
      h = DEFAULT_HOST;
    }
    return scheme + "://" + h;
  }

  private static String firstToken(String header) {
    if (header == null) {
      return null;
    }
    String first = header.split(",", 2)[0].trim();
    return first.isEmpty() ? null : first;
  }
}
