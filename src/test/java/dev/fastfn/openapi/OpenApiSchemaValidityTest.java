package dev.fastfn.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Generated documents against the official OpenAPI 3.1 schema (src/test/resources/openapi/README.md). */
class OpenApiSchemaValidityTest {
  private static Schema oas31;
  private static Schema draft202012;

  @BeforeAll
  static void load_schemas() throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    try (InputStream in = OpenApiSchemaValidityTest.class.getResourceAsStream("/openapi/oas-3.1-schema-2025-11-23.json")) {
      oas31 = registry.getSchema(in, InputFormat.JSON);
    }
    draft202012 = registry.getSchema(com.networknt.schema.SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
  }

  private static List<Error> validate(ObjectNode doc) {
    return oas31.validate(doc);
  }

  @Test
  void document_for_every_routing_form_is_valid_openapi_3_1() {
    assertThat(validate(new OpenApiBuilder(false).build(Fixtures.mainTree(), "http://127.0.0.1:8080"))).isEmpty();
  }

  @Test
  void document_with_internal_paths_is_valid_openapi_3_1() {
    assertThat(validate(new OpenApiBuilder(true).build(Fixtures.mainTree(), "https://api.fastfn.example"))).isEmpty();
  }

  @Test
  void embedded_schemas_are_valid_json_schema_2020_12() {
    ObjectNode doc = new OpenApiBuilder(true).build(Fixtures.mainTree(), "http://h");
    int[] checked = {0};
    doc.findValues("schema").forEach(s -> {
      checked[0]++;
      assertThat(draft202012.validate(s)).as(s.toString()).isEmpty();
    });
    assertThat(checked[0]).isGreaterThan(50);
  }

  @Test
  void the_validator_really_rejects_a_broken_document() {
    ObjectNode doc = new OpenApiBuilder(false).build(Fixtures.mainTree(), "http://h");
    ((ObjectNode) doc.at("/paths/~1hello/get")).remove("responses");
    ((ObjectNode) doc.at("/paths/~1hello/get")).put("parameters", "nope");
    JsonNode info = doc.get("info");
    ((ObjectNode) info).remove("title");
    assertThat(validate(doc)).isNotEmpty();
  }
}
