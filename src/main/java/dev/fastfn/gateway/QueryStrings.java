package dev.fastfn.gateway;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query strings to the event's query table and back (runtimes.md §1.3: bare key = true, repeats = list). */
public final class QueryStrings {
  private QueryStrings() {}

  public static Map<String, Object> parse(String raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String key = decode(eq < 0 ? part : part.substring(0, eq));
      if (key.isEmpty()) {
        continue;
      }
      Object value = eq < 0 ? Boolean.TRUE : decode(part.substring(eq + 1));
      Object prev = out.get(key);
      if (prev == null) {
        out.put(key, value);
      } else if (prev instanceof List<?> l) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) l;
        list.add(value);
      } else {
        List<Object> list = new ArrayList<>();
        list.add(prev);
        list.add(value);
        out.put(key, list);
      }
    }
    return out;
  }

  public static String encode(Map<String, Object> query) {
    StringBuilder sb = new StringBuilder();
    for (var e : query.entrySet()) {
      List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
      for (Object v : values) {
        if (sb.length() > 0) {
          sb.append('&');
        }
        sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8));
        if (!(v instanceof Boolean b && b)) {
          sb.append('=').append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
        }
      }
    }
    return sb.toString();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
