package dev.vigil.e2e.harness;

import java.net.InetSocketAddress;

/**
 * The cluster tests' config, version {@code k}: {@code www} fails over on check {@code web-majority}
 * (HealthQuorum: more than half of the regions), {@code r53} on {@code web-r53} (Route 53's 18 % rule),
 * both on the same primary backend; {@code ver} TXT holds k, and {@code v1..vk} TXT exist, so every
 * acknowledged version leaves a trace that a later one keeps.
 *
 * @param backendName probe this name (resolved by each agent) instead of the backend's IP, or null
 */
public record ConfigText(int requestIntervalSeconds, int failureThreshold, String backendName,
    InetSocketAddress primary) {

  public static final String MAJORITY_CHECK = "web-majority";
  public static final String R53_CHECK = "web-r53";

  public String render(int version) {
    String target = backendName != null
        ? "FullyQualifiedDomainName: " + backendName
        : "IPAddress: " + primary.getHostString();
    String common = "Type: HTTP, " + target + ", Port: " + primary.getPort() + ", ResourcePath: /, RequestInterval: "
        + requestIntervalSeconds + ", FailureThreshold: " + failureThreshold;
    StringBuilder yaml = new StringBuilder()
        .append("HealthChecks:\n")
        .append("  - Id: ").append(MAJORITY_CHECK).append('\n')
        .append("    HealthCheckConfig: {").append(common).append(", HealthQuorum: {HealthyFractionAbove: 0.5}}\n")
        .append("  - Id: ").append(R53_CHECK).append('\n')
        .append("    HealthCheckConfig: {").append(common).append("}\n")
        .append("HostedZones:\n")
        .append("  - Name: example.test.\n")
        .append("    ResourceRecordSets:\n");
    failover(yaml, "www", MAJORITY_CHECK);
    failover(yaml, "r53", R53_CHECK);
    yaml.append("      - {Name: ver, Type: TXT, TTL: 1, ResourceRecords: [{Value: '\"").append(version).append("\"'}]}\n");
    for (int k = 1; k <= version; k++) {
      yaml.append("      - {Name: v").append(k).append(", Type: TXT, TTL: 60, ResourceRecords: [{Value: '\"")
          .append(k).append("\"'}]}\n");
    }
    return yaml.toString();
  }

  private static void failover(StringBuilder yaml, String name, String check) {
    yaml.append("      - {Name: ").append(name).append(", Type: A, TTL: 1, SetIdentifier: primary, Failover: PRIMARY, ")
        .append("HealthCheckId: ").append(check).append(", ResourceRecords: [{Value: ")
        .append(ClusterDeployment.PRIMARY_IP).append("}]}\n");
    yaml.append("      - {Name: ").append(name).append(", Type: A, TTL: 1, SetIdentifier: secondary, Failover: SECONDARY, ")
        .append("ResourceRecords: [{Value: ").append(ClusterDeployment.SECONDARY_IP).append("}]}\n");
  }
}
