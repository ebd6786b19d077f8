package dev.fastfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What clients send and handlers return outside the tidy cases: characters browsers leave unencoded
 * in paths and queries, malformed escapes, bodies on statuses that cannot have one, header names that
 * are not tokens. Raw sockets, because java.net.http refuses such request targets itself.
 */
class GatewayEdgeCasesTest {
  @TempDir
  static Path root;

  static TestServer server;

  @BeforeAll
  static void start() {
    TestServer.write(root, Map.of(
        "files/[...p]/get.py", "def handler(event):\n"
            + "    return {'path': event['path'], 'p': event['params']['p'], 'query': event['query']}\n",
        "st/get.[code].py", "def handler(event):\n"
            + "    return {'status': int(event['params']['code']), 'body': 'dropped',\n"
            + "            'headers': {'X Bad': '1', '': '2', 'Bad:Colon': '3', 'X-Kept': 'yes'}}\n"));
    server = TestServer.start(root);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * The raw response of one {@code GET target}, read up to its Content-Length: Helidon 4.5.0 keeps
   * the socket open after answering {@code Connection: close} (helidon-io/helidon#12324, fixed in
   * releases not served here), so reading to the end of the stream would hang.
   */
  private static String get(String target) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.append((char) b);
      }
      Matcher m = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(head);
      byte[] body = in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
      return head + new String(body, StandardCharsets.UTF_8);
    }
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void characters_browsers_leave_unencoded_reach_the_handler() throws IOException {
    String r = get("/files/report[1].pdf?ids[]=7&filter[status]=open&q=a|b&off=100%");
    assertThat(r).startsWith("HTTP/1.1 200 ");
    assertThat(TestServer.JSON.readTree(body(r))).isEqualTo(TestServer.JSON.readTree(
        "{\"path\":\"/files/report[1].pdf\",\"p\":\"report[1].pdf\","
        + "\"query\":{\"ids[]\":\"7\",\"filter[status]\":\"open\",\"q\":\"a|b\",\"off\":\"100%\"}}"));
    assertThat(get("/files/a{b}^c%C3%A9")).startsWith("HTTP/1.1 200 ").contains("\"p\":\"a{b}^c\u00e9\"");
  }

  @Test
  void malformed_escapes_in_the_path_are_not_found_with_a_json_error() throws IOException {
    for (String target : new String[] {"/files/a%zz", "/files/%", "/_fn/health%zz"}) {
      String r = get(target);
      assertThat(r).as(target).startsWith("HTTP/1.1 404 ");
      assertThat(body(r)).as(target).isEqualTo("{\"error\":\"not found\"}");
    }
  }

  @Test
  void statuses_without_a_body_drop_the_handlers_body_and_bad_header_names() throws IOException {
    for (String code : new String[] {"204", "205", "304"}) {
      String r = get("/st/" + code);
      assertThat(r).as(code).startsWith("HTTP/1.1 " + code + " ").contains("X-Kept: yes")
          .doesNotContain("dropped").doesNotContain("X Bad").doesNotContain("Bad:Colon");
      assertThat(body(r)).as(code).isEmpty();
    }
    String ok = get("/st/200");
    assertThat(ok).startsWith("HTTP/1.1 200 ").contains("X-Kept: yes").doesNotContain("X Bad");
    assertThat(body(ok)).isEqualTo("dropped");
  }
}
