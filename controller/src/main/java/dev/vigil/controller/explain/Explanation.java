package dev.vigil.controller.explain;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Why a client gets the answer it gets for one name and type.
 *
 * @param zone the hosted zone the name is in, null when none
 * @param policy the group's routing policy, e.g. "weighted"; null when there is no record set
 * @param client the client address or subnet asked about, null when none was given
 * @param clientMap the client table the answer depends on ("" when it depends on none)
 * @param clientLabel the client's label in that table, null when the table does not cover the client
 * @param scopePrefixLength the ECS scope of the answer: the matched prefix length (0 when no table applies)
 * @param answers what the dns-nodes serve this client: one of these per query, with its probability
 * @param candidates every record set of the group, with health and evidence
 * @param rules the rules applied, in order
 */
@Serdeable
public record Explanation(String name, String type, String zone, String policy, String client, String clientMap,
    String clientLabel, int scopePrefixLength, List<Answer> answers, List<CandidateTrace> candidates,
    List<String> rules) {

  /** One answer: its records (presentation format) and how likely it is. Empty records: NODATA. */
  @Serdeable
  public record Answer(long ttl, List<String> records, long weight, double probability) {}

  /**
   * @param routing e.g. "Weight 10", "Region eu-west-1", "GeoLocation DE", "PRIMARY"
   * @param aliasTarget e.g. "www.example.test. A in example.test. (EvaluateTargetHealth)", null when not an alias
   */
  @Serdeable
  public record CandidateTrace(String setIdentifier, String routing, String aliasTarget, String healthCheckId,
      boolean healthy, String why, List<Evidence> evidence) {}

  /** One agent's view of a candidate's health check. */
  @Serdeable
  public record Evidence(String checkId, String agent, String region, boolean healthy, Boolean lastResult,
      String reason, String at, String excluded) {}
}
