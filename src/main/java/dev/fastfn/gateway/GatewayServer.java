package dev.fastfn.gateway;

import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * Helidon wiring: one listener, TCP_NODELAY on, Helidon's wire logging off, one catch-all route into
 * {@link Gateway}.
 */
public final class GatewayServer implements AutoCloseable {
  /** Upper bound for any request body; per-function limits are enforced (lower) by the gateway. */
  private static final long SERVER_MAX_PAYLOAD = 64L * 1024 * 1024;

  private final WebServer server;

  private GatewayServer(WebServer server) {
    this.server = server;
  }

  /**
   * Starts listening. A port already in use fails with {@link PortInUseException} naming the port.
   */
  public static GatewayServer start(String host, int port, Gateway gateway) {
    ensurePortFree(host, port);
    WebServer server = WebServer.builder()
        .host(host)
        .port(port)
        .maxPayloadSize(SERVER_MAX_PAYLOAD)
        .shutdownGracePeriod(Duration.ofSeconds(2))
        .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
        // Helidon's wire logging of every request and response checks its logger's level on each
        // exchange (about 2% of a warm call's CPU); fastfn has its own access log. Browsers send
        // [ ] { } | ^ ` \ and stray '%' unencoded in paths and queries (?ids[]=1, ?filter[a]=b,
        // ?off=100%): Helidon's strict RFC 3986 check would answer those with an empty 400, so the
        // router and the query parser take the raw text and decode it leniently themselves.
        .addProtocol(Http1Config.builder().sendLog(false).receiveLog(false)
            .validatePath(false).validatePrologue(false).build())
        .routing(HttpRouting.builder().any(gateway::handle))
        .build();
    try {
      server.start();
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof BindException) {
        throw new PortInUseException(host, port);
      }
      throw e;
    }
    return new GatewayServer(server);
  }

  /**
   * Fails fast with {@link PortInUseException} when the port is taken; called before anything else
   * starts, so a second server on the same folder never claims jobs or fires schedules.
   */
  public static void ensurePortFree(String host, int port) {
    if (port != 0 && !portFree(host, port)) {
      throw new PortInUseException(host, port);
    }
  }

  private static boolean portFree(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** The configured port is taken; the CLI prints the message and exits 1. */
  public static final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PortInUseException(String host, int port) {
      super("port " + port + " is already in use on " + host + " (set FN_HOST_PORT or --port to use another)");
    }
  }
}
