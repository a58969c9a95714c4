package dev.vigil.kit.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.vigil.kit.errors.ApiException;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The services' JSON reading rules, for every request body: a number or boolean where a string is
 * expected is refused (not silently turned into {@code "123"}), and a string holding NUL is
 * refused, whether read into a typed field or a {@code JsonNode}. Both become the family's 400 (see
 * {@code ErrorMappers}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  /** A string field holding NUL; Jackson adds the field's path as it unwinds. */
  public static final class NulInString extends MismatchedInputException {
    NulInString(JsonParser parser) {
      super(parser, "must not contain NUL characters", String.class);
    }
  }

  @Override
  public void customize(ObjectMapper mapper) {
    for (CoercionInputShape shape :
        new CoercionInputShape[] {
          CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    mapper.registerModule(
        new SimpleModule("vigil-strict-json").addDeserializer(String.class, new NoNulStrings()));
    mapper.setNodeFactory(new NoNulNodes());
  }

  /** Jackson's own string reading (with the coercion rules above), then the NUL check. */
  static final class NoNulStrings extends StdScalarDeserializer<String> {
    NoNulStrings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = StringDeserializer.instance.deserialize(parser, context);
      if (InputText.containsNul(text)) {
        throw new NulInString(parser);
      }
      return text;
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Textual;
    }

    @Override
    public boolean isCachable() {
      return true;
    }
  }

  /** Tree reading has no place to report a path; the message names the rule. */
  static final class NoNulNodes extends JsonNodeFactory {
    NoNulNodes() {
      super(false);
    }

    @Override
    public TextNode textNode(String text) {
      if (InputText.containsNul(text)) {
        throw ApiException.badRequest("A string in the request body contains a NUL character.");
      }
      return super.textNode(text);
    }
  }
}
