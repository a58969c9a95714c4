package dev.vigil.kit.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.junit.jupiter.api.Test;

/** Optional properties may be null, whatever SmallRye wrote for them; required ones may not. */
class NullableOptionalFieldsTest {

  @Test
  void optionalPropertiesAcceptNullAndRequiredOnesDoNot() {
    Schema plain = OASFactory.createSchema().addType(SchemaType.STRING);
    Schema reference = OASFactory.createSchema().ref("#/components/schemas/UUID");
    // What SmallRye writes for a UUID with a @Schema(description): the reference and its type.
    Schema describedReference =
        OASFactory.createSchema()
            .ref("#/components/schemas/UUID")
            .addType(SchemaType.STRING)
            .description("null for a rule upserted by push key");
    Schema required = OASFactory.createSchema().addType(SchemaType.STRING);
    Schema object =
        OASFactory.createSchema()
            .addType(SchemaType.OBJECT)
            .addProperty("plain", plain)
            .addProperty("reference", reference)
            .addProperty("described", describedReference)
            .addProperty("id", required)
            .required(List.of("id"));
    OpenAPI document =
        OASFactory.createOpenAPI()
            .components(OASFactory.createComponents().addSchema("Rule", object));

    new NullableOptionalFields().filterOpenAPI(document);

    assertThat(plain.getType()).containsExactly(SchemaType.STRING, SchemaType.NULL);
    assertThat(reference.getRef()).isNull();
    assertThat(reference.getAnyOf()).hasSize(2);
    assertThat(describedReference.getAnyOf()).hasSize(2);
    assertThat(describedReference.getType()).contains(SchemaType.NULL);
    assertThat(required.getType()).containsExactly(SchemaType.STRING);
  }
}
