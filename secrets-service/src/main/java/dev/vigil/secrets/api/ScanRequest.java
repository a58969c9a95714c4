package dev.vigil.secrets.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.secrets.config.ScanConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads GitGuardian's scan bodies — one {@code {"filename", "document"}} object, or an array of
 * them — as a stream, enforcing the limits while reading: a 21st document or an oversize one stops
 * the read with GitGuardian's 400 message, before the rest of the body is parsed.
 */
final class ScanRequest {

  /** A client error, answered as {@code 400 {"detail": message}}. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  static final String INVALID_DATA = "Invalid data.";
  static final String TOO_MANY = "Too many documents to scan";

  private static final JsonFactory JSON = new JsonFactory();

  private final ScanConfig limits;

  ScanRequest(ScanConfig limits) {
    this.limits = limits;
  }

  String single(InputStream body) throws Invalid, IOException {
    try (JsonParser parser = JSON.createParser(body)) {
      String document = document(parser, parser.nextToken());
      if (parser.nextToken() != null) {
        throw new Invalid(INVALID_DATA);
      }
      return document;
    } catch (JsonProcessingException e) {
      throw new Invalid(INVALID_DATA);
    }
  }

  List<String> multiple(InputStream body) throws Invalid, IOException {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new Invalid(INVALID_DATA);
      }
      List<String> documents = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          throw new Invalid(INVALID_DATA);
        }
        if (documents.size() == limits.maxDocumentsPerScan()) {
          throw new Invalid(TOO_MANY);
        }
        documents.add(document(parser, token));
      }
      if (documents.isEmpty() || parser.nextToken() != null) {
        throw new Invalid(INVALID_DATA);
      }
      return documents;
    } catch (JsonProcessingException e) {
      throw new Invalid(INVALID_DATA);
    }
  }

  private String document(JsonParser parser, JsonToken start) throws IOException, Invalid {
    if (start != JsonToken.START_OBJECT) {
      throw new Invalid(INVALID_DATA);
    }
    String document = null;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "document" -> {
          if (value != JsonToken.VALUE_STRING) {
            throw new Invalid("document: Not a valid string.");
          }
          document = parser.getText();
          if (utf8Length(document) > limits.maxDocumentSize()) {
            throw new Invalid(
                "file exceeds the maximum allowed size of " + limits.maxDocumentSize() + "B");
          }
        }
        case "filename" -> {
          if (value == JsonToken.VALUE_STRING) {
            if (parser.getTextLength() > limits.maxFilenameLength()) {
              throw new Invalid(
                  "filename: Longer than maximum length " + limits.maxFilenameLength() + ".");
            }
          } else if (value != JsonToken.VALUE_NULL) {
            throw new Invalid("filename: Not a valid string.");
          }
        }
        default -> parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new Invalid(INVALID_DATA);
    }
    if (document == null) {
      throw new Invalid("document: Missing data for required field.");
    }
    return document;
  }

  /** The document's size as GitGuardian measures it: UTF-8 bytes. */
  static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
