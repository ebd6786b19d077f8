package dev.fastfn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir
  Path dir;

  @Test
  void help_lists_every_command() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("--help")).isZero();
    for (String cmd : new String[] {"dev", "run", "init", "doctor, check", "logs", "docs", "version", "help",
        "completion"}) {
      assertThat(cli.out()).containsPattern("(?m)^\\s+" + cmd + "\\s");
    }
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void no_command_prints_help_and_exits_0() {
    Cli cli = new Cli(dir);
    assertThat(cli.run()).isZero();
    assertThat(cli.out()).contains("Usage: fastfn", "doctor");
  }

  @Test
  void version_prints_the_exact_line() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("version")).isZero();
    assertThat(cli.out()).isEqualTo("FastFN dev\n");
    Cli flag = new Cli(dir);
    assertThat(flag.run("--version")).isZero();
    assertThat(flag.out()).isEqualTo("FastFN dev\n");
  }

  @Test
  void unknown_command_or_flag_is_a_usage_error_with_exit_1() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("deploy")).isEqualTo(1);
    assertThat(cli.err()).contains("Error: Unmatched argument at index 0: 'deploy'").contains("Usage: fastfn");
    Cli flag = new Cli(dir);
    assertThat(flag.run("init", "x", "--bogus")).isEqualTo(1);
    assertThat(flag.err()).contains("Error: Unknown option: '--bogus'");
    Cli missing = new Cli(dir);
    assertThat(missing.run("init")).isEqualTo(1);
    assertThat(missing.err()).contains("Error: Missing required parameter: 'NAME'");
  }

  @Test
  void completion_prints_a_bash_script() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("completion")).isZero();
    assertThat(cli.out()).contains("complete -F").contains("fastfn");
  }

  @Test
  void help_of_a_subcommand_shows_its_options() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("help", "logs")).isZero();
    assertThat(cli.out()).contains("--file", "--lines", "--[no-]follow", "--url");
    Cli flag = new Cli(dir);
    assertThat(flag.run("doctor", "--help")).isZero();
    assertThat(flag.out()).contains("Usage: fastfn doctor", "--json", "--fix", "domains");
  }
}
