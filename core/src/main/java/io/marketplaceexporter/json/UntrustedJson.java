package io.marketplaceexporter.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads a body sent to us from outside with the {@link JsonMappers#strict()} mapper. */
public final class UntrustedJson {
  private static final ObjectMapper STRICT = JsonMappers.strict();

  /** Malformed or empty input; the message says where and what, fit to send back. */
  public static final class MalformedJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
      super(message);
    }
  }

  private UntrustedJson() {}

  /** The tree of {@code body}; a {@link MalformedJsonException} when it is empty or malformed. */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new MalformedJsonException(
          "request body is empty: send a JSON object or an array of objects");
    }
    try {
      JsonNode node = STRICT.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new MalformedJsonException("request body is empty: send a JSON object or an array");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new MalformedJsonException(
          "malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new MalformedJsonException("malformed JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
