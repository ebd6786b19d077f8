package dev.fastfn.routing;

import static dev.fastfn.discovery.TestTrees.files;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.TestTrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table of file trees and the requests they must answer (routing.md §2–§4, DESIGN D2/D7/D8).
 * Each row writes real files, scans them and routes requests through the real {@link Router}.
 *
 * <p>Expectations read {@code "[METHOD] [host=H] PATH -> RESULT"} where RESULT is a function key
 * with its params ({@code node/users/[id].js@default {id=42}}), {@code 404}, {@code 409},
 * {@code 421} or {@code 405 GET,POST} (the Allow list).
 */
class RoutingCasesTest {
  record Case(String name, Map<String, String> env, Map<String, String> files, List<String> expects) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, Map<String, String> files, String... expects) {
    return new Case(name, Map.of(), files, List.of(expects));
  }

  static Case c(String name, Map<String, String> env, Map<String, String> files, String... expects) {
    return new Case(name, env, files, List.of(expects));
  }

  static Stream<Case> cases() {
    return Stream.of(
        c("index file maps to its folder", files("users/index.js"),
            "GET /users -> node/users/index.js@default", "GET /users/index -> 404"),
        c("bracket file is a param", files("users/[id].js"),
            "GET /users/42 -> node/users/[id].js@default {id=42}", "GET /users -> 404"),
        c("catch-all file takes the rest but not the base", files("blog/[...slug].py"),
            "GET /blog/a/b -> python/blog/[...slug].py@default {slug=a/b}", "GET /blog -> 404"),
        c("method prefix with dotted tokens", files("admin/post.users.[id].py"),
            "POST /admin/users/7 -> python/admin/post.users.[id].py@default {id=7}",
            "GET /admin/users/7 -> 405 POST"),
        c("optional catch-all file also owns the base route", files("shop/[[...opt]].js"),
            "GET /shop -> node/shop/[[...opt]].js@default", "GET /shop/a/b -> node/shop/[[...opt]].js@default {opt=a/b}"),
        c("root optional catch-all with prefix tokens", files("get.blog.[[...slug]].py"),
            "GET /blog -> python/get.blog.[[...slug]].py@default",
            "GET /blog/x/y -> python/get.blog.[[...slug]].py@default {slug=x/y}"),
        c("method files in one folder may use different runtimes", files("hello/get.py", "hello/post.js"),
            "GET /hello -> python/hello/get.py@default", "POST /hello -> node/hello/post.js@default",
            "GET /hello/get -> 404", "PUT /hello -> 405 GET,POST"),
        c("plain root file", files("hello.js"), "GET /hello -> node/hello.js@default"),
        c("method prefix at the root with a param", files("get.profile.[id].py"),
            "GET /profile/5 -> python/get.profile.[id].py@default {id=5}"),
        c("manifest beats a file route for its methods only",
            files("api/get.items.js", "api/post.items.py", "api/handlers/list.py",
                "api/fn.routes.json={\"routes\":{\"GET /api/items\":\"handlers/list.py\"}}"),
            "GET /api/items -> python/api/handlers/list.py@default",
            "POST /api/items -> python/api/post.items.py@default"),
        c("manifest routes are not prefixed and the folder is a leaf",
            files("polyglot/handlers/list.js", "polyglot/handlers/create.py",
                "polyglot/fn.routes.json={\"routes\":{\"GET /items\":\"handlers/list.js\",\"POST,PUT /items/:id\":\"handlers/create.py\"}}"),
            "GET /items -> node/polyglot/handlers/list.js@default",
            "PUT /items/3 -> python/polyglot/handlers/create.py@default {id=3}",
            "GET /polyglot/handlers/list -> 404", "DELETE /items/3 -> 405 POST,PUT"),
        c("lower-case manifest methods do not parse",
            files("m/h.js", "m/fn.routes.json={\"routes\":{\"get /lower\":\"h.js\",\"/plain\":\"h.js\"}}"),
            "GET /lower -> 404", "GET /plain -> node/m/h.js@default"),
        c("single entry folder without config is a GET file route", files("implicit-node/handler.js"),
            "GET /implicit-node -> node/implicit-node/handler.js@default", "GET /implicit-node/x -> 404"),
        c("nested main.py", files("group/nested-func/main.py"),
            "GET /group/nested-func -> python/group/nested-func/main.py@default"),
        c("typescript entry", files("tsfn/index.ts"), "GET /tsfn -> node/tsfn/index.ts@default"),
        c("private, test, spec and d.ts files are never routes",
            files("docs/index.js", "docs/_helper.js", "docs/page.test.js", "docs/page.spec.js", "docs/types.d.ts"),
            "GET /docs -> node/docs/index.js@default", "GET /docs/helper -> 404", "GET /docs/-helper -> 404",
            "GET /docs/page -> 404", "GET /docs/types -> 404"),
        c("ambiguous multi-method names are ignored", files("items/get.post.items.js"),
            "GET /items/post/items -> 404", "GET /items/items -> 404", "POST /items/items -> 404"),
        c("two rank-1 claims conflict for every method", files("users/index.js", "users/get.py"),
            "GET /users -> 409", "POST /users -> 409"),
        c("same route in two runtimes conflicts", files("get.clash.js", "get.clash.py", "get.solo.js"),
            "GET /clash -> 409", "GET /solo -> node/get.solo.js@default"),
        c("FN_RUNTIMES drops other runtimes before conflicts", Map.of("FN_RUNTIMES", "python"),
            files("get.clash.js", "get.clash.py", "node/twin/handler.js"),
            "GET /clash -> python/get.clash.py@default", "GET /twin -> 404"),
        c("dynamic routes conflict too", files("get.accounts.[id].py", "get.accounts.[id].js"),
            "GET /accounts/42 -> 409"),
        c("same-folder duplicate entries without config conflict", files("dup/handler.js", "dup/handler.py"),
            "GET /dup -> 409"),
        c("overlay config keeps file routes",
            files("overlay/fn.config.json={\"group\":\"demo\",\"timeout_ms\":1200,\"invoke\":{\"methods\":[\"GET\"]}}",
                "overlay/get.js", "overlay/[id]/get.py"),
            "GET /overlay -> node/overlay/get.js@default", "GET /overlay/5 -> python/overlay/[id]/get.py@default {id=5}"),
        c("overlay methods apply to unprefixed files in that folder",
            files("ov/fn.config.json={\"invoke\":{\"methods\":\"get, post\"}}", "ov/thing.js"),
            "POST /ov/thing -> node/ov/thing.js@default", "DELETE /ov/thing -> 405 GET,POST"),
        c("explicit folder is a function plus its route files",
            files("beta/fn.config.json={\"runtime\":\"node\"}", "beta/handler.js", "beta/get.stats.js"),
            "GET /beta -> node/beta@default", "GET /beta/x/y -> node/beta@default {wildcard=x/y}",
            "GET /beta/stats -> node/beta/get.stats.js@default"),
        c("explicit name with runtime from files", files("my-fn/fn.config.json={\"name\":\"my-fn\"}", "my-fn/handler.py"),
            "GET /my-fn -> python/my-fn@default"),
        c("explicit folder with two runtimes picks node",
            files("multi/fn.config.json={\"name\":\"multi\"}", "multi/handler.js", "multi/handler.py"),
            "GET /multi -> node/multi@default"),
        c("explicit namespaced name",
            files("local-dev/new-node/fn.config.json={\"runtime\":\"node\",\"name\":\"test/new-node\",\"entrypoint\":\"handler.js\"}",
                "local-dev/new-node/handler.js"),
            "GET /test/new-node -> node/test/new-node@default", "GET /local-dev/new-node -> 404"),
        c("empty config is no config", files("empty-cfg/fn.config.json={}", "empty-cfg/index.js"),
            "GET /empty-cfg -> node/empty-cfg/index.js@default"),
        c("invalid config is no config", files("invalid-cfg/fn.config.json={invalid", "invalid-cfg/index.py"),
            "GET /invalid-cfg -> python/invalid-cfg/index.py@default"),
        c("explicit config without a handler registers nothing",
            files("ghost/fn.config.json={\"invoke\":{\"routes\":[\"/ghost\"]}}", "ghost/sub/get.js"),
            "GET /ghost -> 404", "GET /ghost/sub -> 404"),
        c("runtime-scoped function with helpers and a mixed sub-route",
            files("node/whatsapp/handler.js", "node/whatsapp/core.js", "node/whatsapp/admin/index.js"),
            "GET /whatsapp -> node/whatsapp@default", "GET /whatsapp/admin -> node/node/whatsapp/admin/index.js@default",
            "GET /whatsapp/core -> node/whatsapp@default {wildcard=core}", "GET /node/whatsapp -> 404"),
        c("file routes in a runtime folder keep the runtime prefix", files("node/multi-endpoints/get.alpha.js"),
            "GET /node/multi-endpoints/alpha -> node/node/multi-endpoints/get.alpha.js@default",
            "GET /multi-endpoints/alpha -> 404"),
        c("entrypoint in src, private helper, sub-route",
            files("node/configured/fn.config.json={\"entrypoint\":\"src/custom.js\"}", "node/configured/src/custom.js",
                "node/configured/helper.js", "node/configured/admin/get.health.js"),
            "GET /configured -> node/configured@default",
            "GET /configured/admin/health -> node/node/configured/admin/get.health.js@default",
            "GET /configured/helper -> node/configured@default {wildcard=helper}"),
        c("versions of a runtime-scoped function", files("python/hello/handler.py", "python/hello/v2/handler.py"),
            "GET /hello -> python/hello@default", "GET /hello@v2 -> python/hello@v2",
            "GET /hello/v2 -> python/python/hello/v2/handler.py@default", "GET /hello@v9 -> 404",
            "POST /hello@v2 -> 405 GET"),
        c("versioned-only function next to another runtime's default",
            files("node/hello/v2/handler.js", "python/hello/handler.py"),
            "GET /hello@v2 -> node/hello@v2", "GET /hello -> python/hello@default",
            "GET /hello/v2 -> node/node/hello/v2/handler.js@default"),
        c("version routes from the version's own config",
            files("python/vr/handler.py", "python/vr/v2/handler.py",
                "python/vr/v2/fn.config.json={\"invoke\":{\"routes\":[\"/vr-two\"]}}"),
            "GET /vr-two -> python/vr@v2", "GET /vr -> python/vr@default"),
        c("namespaces", files("python/api/v1/users/handler.py"),
            "GET /api/v1/users -> python/api/v1/users@default",
            "GET /api/v1/users/7 -> python/api/v1/users@default {wildcard=7}"),
        c("namespaces deeper than FN_NAMESPACE_DEPTH are not found", files("python/a/b/c/d/handler.py"),
            "GET /a/b/c/d -> 404"),
        c("FN_NAMESPACE_DEPTH raises the limit", Map.of("FN_NAMESPACE_DEPTH", "4"), files("python/a/b/c/d/handler.py"),
            "GET /a/b/c/d -> python/a/b/c/d@default"),
        c("invoke.routes replace defaults and allow_hosts filter",
            files("python/hello/handler.py",
                "python/hello/fn.config.json={\"invoke\":{\"methods\":[\"GET\"],\"routes\":[\"/secure\"],\"allow_hosts\":[\"api.example.com\"]}}"),
            "GET host=api.example.com /secure -> python/hello@default", "GET host=API.example.com:8080 /secure -> python/hello@default",
            "GET host=other.example.com /secure -> 421", "GET /secure -> 421", "GET host=api.example.com /hello -> 404",
            "POST host=api.example.com /secure -> 405 GET", "POST host=other.example.com /secure -> 404"),
        c("invoke.routes with a param make a nested folder explicit",
            files("next-style/python/hello-demo/fn.config.json={\"invoke\":{\"routes\":[\"/hello-demo/:name\"]}}",
                "next-style/python/hello-demo/handler.py"),
            "GET /hello-demo/demo -> python/hello-demo@default {name=demo}", "GET /hello-demo -> 404"),
        c("cloudflare-style explicit function with wildcard routes",
            files("compat/cf/fn.config.json={\"runtime\":\"node\",\"entrypoint\":\"handler.js\",\"invoke\":{\"adapter\":\"cloudflare-worker\",\"methods\":[\"GET\",\"POST\"],\"routes\":[\"/api\",\"/api/*\"]}}",
                "compat/cf/handler.js"),
            "GET /api/x/y -> node/cf@default {wildcard=x/y}", "POST /api -> node/cf@default", "PUT /api -> 405 GET,POST"),
        c("brace params in invoke.routes (D7)",
            files("node/routed/handler.js",
                "node/routed/fn.config.json={\"invoke\":{\"methods\":[\"GET\",\"POST\"],\"routes\":[\"/api/routed/:id\",\"/api/brace/{id}\"]}}"),
            "GET /api/brace/8 -> node/routed@default {id=8}", "POST /api/routed/7 -> node/routed@default {id=7}",
            "GET /routed -> 404"),
        c("param folders", files("posts/[category]/[slug]/get.py"),
            "GET /posts/news/hi -> python/posts/[category]/[slug]/get.py@default {category=news, slug=hi}"),
        c("catch-all folder", files("files/[...path]/get.js"),
            "GET /files/a/b/c -> node/files/[...path]/get.js@default {path=a/b/c}", "GET /files -> 404"),
        c("optional catch-all folder has no base route", files("shop/[[...opt]]/get.js"),
            "GET /shop -> 404", "GET /shop/x -> node/shop/[[...opt]]/get.js@default {opt=x}"),
        c("param names are lower-cased", files("users/[userId].js"),
            "GET /users/7 -> node/users/[userId].js@default {userid=7}"),
        c("static beats dynamic", files("users/me.js", "users/[id].js"),
            "GET /users/me -> node/users/me.js@default", "GET /users/5 -> node/users/[id].js@default {id=5}"),
        c("static beats dynamic only for its methods", files("users/me.js", "users/post.[id].js"),
            "POST /users/me -> node/users/post.[id].js@default {id=me}", "PUT /users/me -> 405 GET,POST"),
        c("segments are normalized and matching is case-sensitive", files("My_Folder/Get.Report.v2.PY", "get.rust__only.js"),
            "GET /my-folder/report/v2 -> python/My_Folder/Get.Report.v2.PY@default", "GET /My_Folder/report/v2 -> 404",
            "GET /rust-only -> node/get.rust__only.js@default"),
        c("six levels deep at most", files("a/b/c/d/e/f/index.js", "a/b/c/d/e/f/g/index.js"),
            "GET /a/b/c/d/e/f -> node/a/b/c/d/e/f/index.js@default", "GET /a/b/c/d/e/f/g -> 404"),
        c("assets directory is not scanned",
            files("fn.config.json={\"assets\":{\"directory\":\"public\"}}", "hello.js", "public/handler.js"),
            "GET /hello -> node/hello.js@default", "GET /public -> 404"),
        c("folder home alias", files("portal/fn.config.json={\"home\":{\"route\":\"dashboard\"}}", "portal/get.dashboard.js"),
            "GET /portal -> node/portal/get.dashboard.js@default", "GET /portal/dashboard -> node/portal/get.dashboard.js@default"),
        c("zero-config version folders are plain folders", files("hello/handler.js", "hello/v2/handler.js"),
            "GET /hello -> node/hello/handler.js@default", "GET /hello/v2 -> node/hello/v2/handler.js@default",
            "GET /hello@v2 -> 404"),
        c("a non-forced config route only fills free methods",
            files("get.conflict-route.js", "node/policyfn/handler.js",
                "node/policyfn/fn.config.json={\"invoke\":{\"routes\":[\"/conflict-route\"],\"methods\":[\"GET\",\"POST\"]}}"),
            "GET /conflict-route -> node/get.conflict-route.js@default", "POST /conflict-route -> node/policyfn@default"),
        c("force-url lets a config route take over",
            files("get.conflict-route.js", "node/policyfn/handler.js",
                "node/policyfn/fn.config.json={\"invoke\":{\"force-url\":true,\"routes\":[\"/conflict-route\"],\"methods\":[\"GET\",\"POST\"]}}"),
            "GET /conflict-route -> node/policyfn@default"),
        c("FN_FORCE_URL forces config routes", Map.of("FN_FORCE_URL", "1"),
            files("get.conflict-route.js", "node/policyfn/handler.js",
                "node/policyfn/fn.config.json={\"invoke\":{\"routes\":[\"/conflict-route\"]}}"),
            "GET /conflict-route -> node/policyfn@default"),
        c("private underscore files and folders (D8)",
            files("_private/get.secret.js", "shop/get.js", "shop/_helper.js", "node/_fn/handler.js", "_fn/get.js",
                "_shared/util.py"),
            "GET /private/secret -> 404", "GET /_private/secret -> 404", "GET /shop -> node/shop/get.js@default",
            "GET /shop/helper -> 404", "GET /fn -> 404", "GET /_fn -> 404", "GET /shared/util -> 404"),
        c("reserved prefixes never route", files("console/get.js", "get.console.js", "fastfn.json={}", "get.fastfn.js"),
            "GET /console -> 404", "GET /_fn/health -> 404", "GET /fastfn.json -> 404",
            "GET /fastfn -> node/get.fastfn.js@default", "GET / -> 404"),
        c("root index files never own /", files("index.js", "get.py"), "GET / -> 404"),
        c("trailing and double slashes are normalized", files("get.hello.py"),
            "GET /hello/ -> python/get.hello.py@default", "GET //hello// -> python/get.hello.py@default",
            "DELETE /hello -> 405 GET", "HEAD /hello -> 405 GET"),
        c("two runtime-scoped functions with one name conflict",
            files("python/twin/handler.py", "node/twin/handler.js"),
            "GET /twin -> 409", "GET /twin/x -> 409"),
        c("disjoint allow_hosts select by host",
            files("python/hosted/handler.py", "node/hosted/handler.js",
                "python/hosted/fn.config.json={\"invoke\":{\"allow_hosts\":[\"b.example.com\"]}}",
                "node/hosted/fn.config.json={\"invoke\":{\"allow_hosts\":\"a.example.com\"}}"),
            "GET host=a.example.com /hosted -> node/hosted@default", "GET host=b.example.com /hosted -> python/hosted@default",
            "GET host=c.example.com /hosted -> 421"),
        c("wildcard hosts match sub-domains only",
            files("node/wild/handler.js", "node/wild/fn.config.json={\"invoke\":{\"allow_hosts\":[\"*.example.com\",\"exact.test:8443\"]}}"),
            "GET host=a.example.com /wild -> node/wild@default", "GET host=x.y.example.com:99 /wild -> node/wild@default",
            "GET host=example.com /wild -> 421", "GET host=badexample.com /wild -> 421",
            "GET host=exact.test:8443 /wild -> node/wild@default", "GET host=exact.test /wild -> 421"),
        c("405 lists the methods of every claim on the path", files("items/[id].js", "items/post.[id].js", "items/index.js"),
            "PUT /items/1 -> 405 GET,POST", "GET /items/1 -> node/items/[id].js@default {id=1}",
            "POST /items/1 -> node/items/post.[id].js@default {id=1}", "DELETE /items -> 405 GET"),
        c("encoded and literal traversal never matches", files("files/[...path].py", "files/[id]/get.js"),
            "GET /files/a%2Fb -> python/files/[...path].py@default {path=a/b}",
            "GET /files/..%2f..%2fetc -> 404", "GET /files/%2e%2e/x -> 404", "GET /files/../x -> 404",
            "GET /files/%2E%2E -> 404", "GET /files/a%00b -> 404", "GET /files/%zz -> 404",
            "GET /files/caf%C3%A9 -> node/files/[id]/get.js@default {id=café}"),
        c("more specific dynamic routes win",
            files("[...all].js", "blog/[...slug].js", "blog/[id]/comments.py", "python/v/v2/handler.py"),
            "GET /blog/x/y -> node/blog/[...slug].js@default {slug=x/y}",
            "GET /blog/5/comments -> python/blog/[id]/comments.py@default {id=5}",
            "GET /other/x -> node/[...all].js@default {all=other/x}",
            "GET /v@v2 -> node/[...all].js@default {all=v@v2}"),
        c("a conflicted dynamic route shadows less specific ones, not more specific ones",
            files("[...all].js", "blog/[...slug].js", "blog/[...slug].py", "blog/[id]/get.js"),
            "GET /blog/x/y -> 409", "GET /blog/5 -> node/blog/[id]/get.js@default {id=5}",
            "GET /other -> node/[...all].js@default {all=other}"),
        c("catch-alls may sit in the middle of a configured route",
            files("node/mid/handler.js",
                "node/mid/fn.config.json={\"invoke\":{\"routes\":[\"/m/*/edit\",\"/n/:a*/x/*\"]}}"),
            "GET /m/a/b/edit -> node/mid@default {wildcard=a/b}", "GET /m/edit -> 404",
            "GET /n/1/2/x/3/4 -> node/mid@default {a=1/2, wildcard=3/4}"),
        c("exact static conflict is checked before dynamic routes",
            files("get.twice.js", "get.twice.py", "[slug].js"),
            "GET /twice -> 409", "GET /once -> node/[slug].js@default {slug=once}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void routes_answer_as_the_table_says(Case c, @TempDir Path root) {
    TestTrees.write(root, c.files());
    Catalog catalog = TestTrees.scan(root, c.env());
    Router router = new Router();
    List<String> actual = new ArrayList<>();
    for (String e : c.expects()) {
      actual.add(e.substring(0, e.indexOf(" -> ")) + " -> " + run(router, catalog, e));
    }
    assertThat(actual).as("routes: %s\nconflicts: %s\nproblems: %s", catalog.mappedRoutes().keySet(),
        catalog.conflicts(), catalog.problems()).containsExactlyElementsOf(c.expects());
  }

  private static String run(Router router, Catalog catalog, String expectation) {
    String req = expectation.substring(0, expectation.indexOf(" -> "));
    String[] parts = req.split(" ");
    String method = parts[0];
    String host = parts.length == 3 ? parts[1].substring("host=".length()) : null;
    String path = parts[parts.length - 1];
    return render(router.match(catalog, method, host, path));
  }

  static String render(RouteMatch m) {
    return switch (m) {
      case RouteMatch.Found f -> f.fn().key() + (f.params().isEmpty() ? "" : " " + new TreeMap<>(f.params()));
      case RouteMatch.NotFound n -> "404";
      case RouteMatch.Conflict c -> "409";
      case RouteMatch.HostNotAllowed h -> "421";
      case RouteMatch.MethodNotAllowed a -> "405 " + String.join(",", a.allowed());
    };
  }
}
