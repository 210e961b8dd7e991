package dev.vigil.e2e.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs to a controller's admin API. */
public final class AdminHttp {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private AdminHttp() {}

  /** POST /v1/config with a YAML body. */
  public static HttpGet.Response applyConfig(String hostPort, String yaml, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostPort + "/v1/config"))
        .timeout(timeout)
        .header("Content-Type", "application/yaml")
        .POST(HttpRequest.BodyPublishers.ofString(yaml))
        .build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    return new HttpGet.Response(response.statusCode(), response.body());
  }
}
