package dev.fastfn.deps;

import static dev.fastfn.deps.DepsFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class ManifestsAndPacksTest {
  @TempDir Path root;

  @Test
  void describe_reports_requirements_inline_package_json_and_configured_packs() throws Exception {
    FunctionSpec py = DepsFixture.python(root, "depuse", List.of("common_http", "common_http", "bad name"));
    write(py.entryFile(), "#@requirements zeta, alpha==1\n#requirements beta\nimport zeta\n");
    write(py.functionDir().resolve("requirements.txt"), "# pinned\nTinyFnConf==1.0.0\nrequests[socks]>=2 ; python_version>'3'\n"
        + "-r other.txt\nhttps://x/y.whl\n\nrequests\n");
    FunctionSpec nd = DepsFixture.node(root, "nodedep", List.of());
    write(nd.functionDir().resolve("package.json"), """
        {"name": "nodedep", "dependencies": {"zz": "1", "tinynode": "file:./vendor/tinynode"},
         "devDependencies": {"jest": "*"}}
        """);
    write(nd.functionDir().resolve("package-lock.json"), "{}");
    FastfnConfig cfg = DepsFixture.config(root, "FN_AUTO_NODE_DEPS", "0");

    ObjectNode p = Manifests.describe(cfg, py);
    ObjectNode n = Manifests.describe(cfg, nd);

    Path req = py.functionDir().resolve("requirements.txt");
    assertThat(p.get("python").toString()).isEqualTo("{\"requirements\":{\"inline\":[\"alpha==1\",\"beta\",\"zeta\"],"
        + "\"file_path\":\"" + req + "\",\"file_exists\":true,\"file_truncated\":false,"
        + "\"file_entries\":[\"requests\",\"tinyfnconf\"],\"auto_install_enabled\":true}}");
    assertThat(p.get("shared_deps").toString()).isEqualTo("{\"packs_root\":\"" + root.resolve(".fastfn/packs/python")
        + "\",\"configured\":[\"common_http\"]}");
    assertThat(n.get("node").toString()).isEqualTo("{\"package_json_path\":\"" + nd.functionDir().resolve("package.json")
        + "\",\"package_json_exists\":true,\"package_name\":\"nodedep\",\"lock_file\":\"package-lock.json\","
        + "\"dependency_count\":2,\"dependencies\":[\"tinynode\",\"zz\"],\"dev_dependency_count\":1,"
        + "\"dev_dependencies\":[\"jest\"],\"auto_install_enabled\":false}");
    assertThat(n.get("python").get("requirements").get("file_exists").asBoolean()).isFalse();
    assertThat(n.get("python").get("requirements").get("inline").toString()).isEqualTo("[]");
  }

  @Test
  void packs_listing_has_the_console_shape_and_skips_bad_names() throws Exception {
    write(root.resolve(".fastfn/packs/python/common_http/requirements.txt"), "# nothing\n");
    Files.createDirectories(root.resolve(".fastfn/packs/python/prebuilt/.deps"));
    Files.createDirectories(root.resolve(".fastfn/packs/python/bad name"));
    write(root.resolve(".fastfn/packs/node/shared/package.json"), "{}");
    write(root.resolve(".fastfn/packs/node/shared/npm-shrinkwrap.json"), "{}");
    FastfnConfig cfg = DepsFixture.config(root);

    ObjectNode out = Packs.list(cfg, Instant.ofEpochMilli(1_700_000_000_500L));

    Path packs = root.resolve(".fastfn/packs");
    assertThat(out.toString()).isEqualTo("{\"generated_at\":1700000000.500,\"packs_root\":\"" + packs + "\","
        + "\"runtimes\":{\"node\":{\"packs\":[{\"name\":\"shared\",\"dir\":\"" + packs.resolve("node/shared")
        + "\",\"package_json\":true,\"lock_file\":\"npm-shrinkwrap.json\",\"node_modules\":false}]},"
        + "\"python\":{\"packs\":[{\"name\":\"common_http\",\"dir\":\"" + packs.resolve("python/common_http")
        + "\",\"requirements_txt\":true,\"deps_dir\":false},{\"name\":\"prebuilt\",\"dir\":\""
        + packs.resolve("python/prebuilt") + "\",\"requirements_txt\":false,\"deps_dir\":true}]}}}");
  }

  @Test
  void packs_listing_of_a_root_without_packs_is_empty() {
    ObjectNode out = Packs.list(DepsFixture.config(root), Instant.EPOCH);

    assertThat(out.get("runtimes").toString()).isEqualTo("{}");
    assertThat(out.get("packs_root").asString()).isEqualTo(root.resolve(".fastfn/packs").toString());
  }
}
