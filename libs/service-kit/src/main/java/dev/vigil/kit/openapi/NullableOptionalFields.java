package dev.vigil.kit.openapi;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * Lets every optional property of a documented object be {@code null}: the vendors' bodies send
 * absent values as {@code null} (GitHub's {@code fixed_at}, GitGuardian's {@code expire_at}), and
 * SmallRye documents a Java field as a plain type, so a client generated from the document, or a
 * validator, would reject real answers. Required properties are left as they are.
 */
public class NullableOptionalFields implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
      return;
    }
    openApi.getComponents().getSchemas().values().forEach(NullableOptionalFields::allowNulls);
  }

  private static void allowNulls(Schema schema) {
    if (schema == null) {
      return;
    }
    Map<String, Schema> properties = schema.getProperties();
    if (properties == null) {
      return;
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    properties.forEach(
        (name, property) -> {
          if (property == null || required.contains(name)) {
            return;
          }
          if (property.getRef() != null) {
            Schema referenced = OASFactory.createSchema().ref(property.getRef());
            property.setRef(null);
            property.addAnyOf(referenced);
            property.addAnyOf(OASFactory.createSchema().addType(SchemaType.NULL));
          }
          // A reference with an annotation beside it (a description) also carries the referenced
          // type, which would still refuse null.
          if (property.getType() != null
              && !property.getType().isEmpty()
              && !property.getType().contains(SchemaType.NULL)) {
            property.addType(SchemaType.NULL);
          }
          allowNulls(property);
        });
  }
}
