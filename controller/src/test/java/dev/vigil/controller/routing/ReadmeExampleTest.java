package dev.vigil.controller.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.controller.answers.AnswerCompiler;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.model.DesiredState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's routing examples are a valid config and answer as the README says. */
@Timeout(20)
class ReadmeExampleTest {

  static String block(String readme, String heading) {
    int at = readme.indexOf("```yaml\n", readme.indexOf(heading)) + "```yaml\n".length();
    return readme.substring(at, readme.indexOf("```", at));
  }

  @Test
  void theExamplePerPolicyIsValidAndRoutes() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String yaml = """
        HealthChecks:
          - {Id: blue, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 80}}
          - {Id: eu, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 80}}
          - {Id: m1, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 80}}
        """ + block(readme, "### Client tables").replace("GeoLocation" + "Database: GeoLite2-City.mmdb",
        "GeoLocationDatabase: '" + RoutingFixture.GEO_DB + "'") + block(readme, "### One example per policy");
    DesiredState state = RoutingFixture.state(yaml);
    AnswerSet answers = AnswerCompiler.compile(state, RoutingFixture.health(Set.of("eu")));
    assertEquals(Map.of("192.0.2.21", 1.0),
        RoutingFixture.served(state, answers, RoutingFixture.health(Set.of("eu")), "www.example.test.", "192.0.2.0/24"),
        "eu-west-1 client, eu unhealthy: next best us-east-1 through the failover alias");
    assertEquals(Map.of("192.0.2.10", 0.9, "192.0.2.11", 0.1),
        RoutingFixture.served(state, answers, Map.of(), "example.test.", null));
    assertEquals(Map.of("192.0.2.30", 1.0),
        RoutingFixture.served(state, answers, Map.of(), "geo.example.test.", "10.100.0.0/24"));
  }
}
