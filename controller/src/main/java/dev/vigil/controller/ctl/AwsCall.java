package dev.vigil.controller.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@code aws route53}-style verb against the admin API: the request, then the answer printed as the AWS
 * CLI prints it (JSON, 4-space indent, no pagination fields), or the error as the CLI words it on stderr:
 * {@code An error occurred (NoSuchHostedZone) when calling the GetHostedZone operation: ...}. Exit 0 on
 * success, 1 when refused or unreachable, 2 for bad arguments (e.g. an unreadable file:// or malformed JSON).
 */
final class AwsCall {

  /** The AWS CLI's JSON: 4-space indent, {@code "Key": value}. */
  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("").withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("    ", "\n"))
      .withArrayIndenter(new DefaultIndenter("    ", "\n"));

  private AwsCall() {}

  /**
   * @param operation the Route 53 operation name, e.g. "GetHostedZone"
   * @param body request JSON, or null
   */
  static int run(CtlMain ctl, String operation, String method, String path, JsonNode body) {
    return ctl.guarded(() -> {
      String text = body == null ? null : CtlMain.JSON.writeValueAsString(body);
      AdminClient.Reply reply = ctl.client().send(method, path, text);
      JsonNode answer;
      try {
        answer = reply.body().isBlank() ? CtlMain.JSON.createObjectNode() : CtlMain.JSON.readTree(reply.body());
      } catch (JsonProcessingException e) {
        ctl.err.println(CtlMain.NAME + ": " + reply.controller() + " answered " + reply.status() + " with non-JSON: "
            + reply.body().lines().findFirst().orElse(""));
        return 1;
      }
      if (reply.status() / 100 != 2) {
        JsonNode error = answer.path("Error");
        String code = error.path("Code").asText(reply.status() == 404 ? "NotFound" : "HTTP" + reply.status());
        String message = error.path("Message").asText(answer.path("message").asText(reply.body()));
        ctl.err.println("An error occurred (" + code + ") when calling the " + operation + " operation: " + message);
        if (error.path("Messages").size() > 1) {
          error.path("Messages").forEach(m -> ctl.err.println("  " + m.asText()));
        }
        return 1;
      }
      if (answer instanceof ObjectNode object) {
        object.remove(List.of("IsTruncated", "MaxItems", "Location"));
      }
      if (!answer.isEmpty()) {
        ctl.out.println(CtlMain.JSON.writer(PRINTER).writeValueAsString(answer));
      }
      return 0;
    });
  }

  /** A path segment: a hosted zone's "/hostedzone/Z…" becomes "Z…"; names pass as they are. */
  static String segment(String id, String prefix) {
    String bare = id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    if (bare.isBlank()) {
      throw new CtlMain.UsageError("an id must not be empty");
    }
    return URLEncoder.encode(bare, StandardCharsets.UTF_8);
  }

  /**
   * A JSON argument as the AWS CLI takes it: {@code file://PATH} (the file's content) or the JSON itself.
   *
   * @param option the option's name, for messages
   */
  static JsonNode jsonArgument(String option, String value) {
    String text = value;
    if (value.startsWith("file://")) {
      Path file = Path.of(value.substring("file://".length()));
      try {
        text = Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new CtlMain.UsageError(option + ": " + file + ": no such file");
      } catch (IOException e) {
        throw new CtlMain.UsageError(option + ": " + file + ": cannot read: " + e.getMessage());
      }
    }
    try {
      JsonNode node = CtlMain.JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new CtlMain.UsageError(option + ": expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw new CtlMain.UsageError(option + ": malformed JSON" + where + ": "
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
  }

  /**
   * JSON, or the CLI's shorthand {@code Key=Value,Key=Value} for a flat structure (values true/false become
   * booleans).
   */
  static JsonNode structureArgument(String option, String value) {
    String trimmed = value.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("file://")) {
      return jsonArgument(option, trimmed);
    }
    ObjectNode node = CtlMain.JSON.createObjectNode();
    for (String pair : trimmed.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new CtlMain.UsageError(option + ": expected Key=Value[,Key=Value] or JSON, got '" + pair + "'");
      }
      String key = pair.substring(0, eq).strip();
      String v = pair.substring(eq + 1).strip();
      if (v.equals("true") || v.equals("false")) {
        node.put(key, Boolean.parseBoolean(v));
      } else {
        node.put(key, v);
      }
    }
    return node;
  }
}
