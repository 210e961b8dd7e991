package dev.vigil.controller.ctl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP to the controllers' admin API: tries each address in turn until one answers with something
 * other than 503 (a member without a leader or quorum) or a connection failure.
 */
final class AdminClient {

  /** What a controller answered, and which one. */
  record Reply(String controller, int status, String body) {}

  /** No controller could answer. */
  static final class Unreachable extends IOException {
    Unreachable(String message) {
      super(message);
    }
  }

  private final List<String> controllers;
  private final HttpClient http;
  private final Duration timeout;

  AdminClient(List<String> controllers, Duration timeout) {
    this.controllers = List.copyOf(controllers);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  Reply get(String path) throws Unreachable, InterruptedException {
    return send(path, address -> HttpRequest.newBuilder(uri(address, path)).timeout(timeout).GET().build());
  }

  Reply post(String path, String body, String contentType) throws Unreachable, InterruptedException {
    return send(path, address -> HttpRequest.newBuilder(uri(address, path)).timeout(timeout)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** Any method; {@code body} null for none. JSON content type. */
  Reply send(String method, String path, String body) throws Unreachable, InterruptedException {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    return send(path, address -> HttpRequest.newBuilder(uri(address, path)).timeout(timeout)
        .header("Content-Type", "application/json").method(method, publisher).build());
  }

  private Reply send(String path, java.util.function.Function<String, HttpRequest> request)
      throws Unreachable, InterruptedException {
    List<String> failures = new ArrayList<>();
    for (String address : controllers) {
      try {
        HttpResponse<String> response = http.send(request.apply(address), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503) {
          failures.add(address + ": 503 " + oneLine(response.body()));
          continue;
        }
        return new Reply(address, response.statusCode(), response.body());
      } catch (IOException e) {
        failures.add(address + ": " + reason(e));
      }
    }
    throw new Unreachable("no controller answered " + path + " (" + String.join("; ", failures) + ")");
  }

  private static String reason(IOException e) {
    return switch (e) {
      case java.net.ConnectException ignored -> "connection refused";
      case java.net.http.HttpTimeoutException ignored -> "timed out";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
    };
  }

  private static URI uri(String address, String path) {
    return URI.create("http://" + address + path);
  }

  private static String oneLine(String text) {
    return text.lines().findFirst().orElse("").strip();
  }
}
