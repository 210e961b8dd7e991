package dev.vigil.controller.config;

/**
 * One thing wrong with a configuration file.
 *
 * @param path where in the file, e.g. "HostedZones[0].ResourceRecordSets[1].Failover"; "" for the whole file
 * @param message what is wrong, e.g. "must be PRIMARY or SECONDARY, got 'PRIMRY'"
 */
public record ConfigProblem(String path, String message) {

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
