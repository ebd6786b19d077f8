package dev.fastfn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsCommandTest {
  @TempDir
  Path dir;

  @Test
  void prints_the_local_docs_url_honouring_port_and_host() {
    Cli cli = new Cli(dir).env("FN_HOST_PORT", "9123");
    assertThat(cli.run("docs")).isZero();
    assertThat(cli.out()).isEqualTo("Swagger UI: http://127.0.0.1:9123/_fn/docs\n"
        + "OpenAPI:    http://127.0.0.1:9123/_fn/openapi.json\n");
    Cli flags = new Cli(dir);
    assertThat(flags.run("docs", "--port", "7000", "--host", "0.0.0.0")).isZero();
    assertThat(flags.out()).startsWith("Swagger UI: http://127.0.0.1:7000/_fn/docs\n");
  }

  @Test
  void public_base_url_wins_from_env_or_fastfn_json() throws Exception {
    Files.writeString(dir.resolve("fastfn.json"), "{\"public-base-url\": \"https://fn.example.com/\"}");
    Cli cli = new Cli(dir);
    assertThat(cli.run("docs")).isZero();
    assertThat(cli.out()).startsWith("Swagger UI: https://fn.example.com/_fn/docs\n");
    Cli env = new Cli(dir).env("FN_PUBLIC_BASE_URL", "https://env.example.com");
    assertThat(env.run("docs")).isZero();
    assertThat(env.out()).startsWith("Swagger UI: https://env.example.com/_fn/docs\n");
  }

  @Test
  void open_runs_the_system_opener_with_the_url() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path opened = dir.resolve("opened.txt");
    Path opener = bin.resolve("xdg-open");
    Files.writeString(opener, "#!/bin/sh\necho \"$1\" > '" + opened + "'\n");
    Files.setPosixFilePermissions(opener, PosixFilePermissions.fromString("rwxr-xr-x"));
    Cli cli = new Cli(dir).env("PATH", bin.toString());
    assertThat(cli.run("docs", "--open")).isZero();
    assertThat(cli.out()).endsWith("Opening http://127.0.0.1:8080/_fn/docs...\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(opened) && Files.size(opened) > 0);
    assertThat(Files.readString(opened)).isEqualTo("http://127.0.0.1:8080/_fn/docs\n");
  }

  @Test
  void open_without_a_browser_fails_with_exit_1() {
    Cli cli = new Cli(dir).env("PATH", "");
    assertThat(cli.run("docs", "--open")).isEqualTo(1);
    assertThat(cli.err()).startsWith("Error: Failed to open browser: ");
  }
}
