package dev.vigil.controller.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the Route 53-style admin API keeps beside the zones and checks (never inside them): hosted-zone ids and
 * CallerReferences, health-check CallerReferences and HealthCheckVersion, and the latest change records.
 * Replicated with the desired state; immutable.
 *
 * @param zones zones created through the API; any other zone's id is {@link #derivedZoneId derived from its name}
 * @param checks checks with a CallerReference or a version above 1
 * @param changes the latest {@link #MAX_CHANGES} change records, oldest first
 * @param retiredCheckReferences CallerReferences of deleted checks (Route 53 never lets them be reused)
 */
public record ApiMetadata(List<Zone> zones, List<Check> checks, List<Change> changes,
    List<String> retiredCheckReferences) {

  public static final ApiMetadata EMPTY = new ApiMetadata(List.of(), List.of(), List.of(), List.of());

  /** Change records kept for GetChange (Route 53 keeps them 90 days; we keep a count, the same on every member). */
  public static final int MAX_CHANGES = 1000;

  /**
   * @param name absolute, lower case, as {@link HostedZone#name()}
   * @param changeId the ChangeInfo.Id of the change that created it
   */
  public record Zone(String name, String id, String callerReference, String comment, String changeId) {}

  public record Check(String id, String callerReference, long version) {}

  /** @param index the log index of the entry that made the change */
  public record Change(String id, long index, Instant submittedAt, String comment) {}

  public ApiMetadata {
    zones = List.copyOf(zones);
    checks = List.copyOf(checks);
    changes = List.copyOf(changes);
    retiredCheckReferences = List.copyOf(retiredCheckReferences);
  }

  public Optional<Zone> zone(String name) {
    return zones.stream().filter(z -> z.name().equals(name)).findFirst();
  }

  /** The zone's id: the one it was created with, else derived from its name. */
  public String zoneId(String name) {
    return zone(name).map(Zone::id).orElseGet(() -> derivedZoneId(name));
  }

  public Optional<Check> check(String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** HealthCheckVersion: 1 for a check never updated. */
  public long version(String checkId) {
    return check(checkId).map(Check::version).orElse(1L);
  }

  public Optional<Change> change(String id) {
    return changes.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  public ApiMetadata withZone(Zone zone) {
    List<Zone> next = new ArrayList<>(zones.stream().filter(z -> !z.name().equals(zone.name())).toList());
    next.add(zone);
    return new ApiMetadata(next, checks, changes, retiredCheckReferences);
  }

  public ApiMetadata withoutZone(String name) {
    return new ApiMetadata(zones.stream().filter(z -> !z.name().equals(name)).toList(), checks, changes,
        retiredCheckReferences);
  }

  public ApiMetadata withCheck(Check check) {
    List<Check> next = new ArrayList<>(checks.stream().filter(c -> !c.id().equals(check.id())).toList());
    next.add(check);
    return new ApiMetadata(zones, next, changes, retiredCheckReferences);
  }

  /** Forgets the check and retires its CallerReference, if it had one. */
  public ApiMetadata withoutCheck(String id) {
    List<String> retired = new ArrayList<>(retiredCheckReferences);
    check(id).map(Check::callerReference).filter(r -> !r.isEmpty()).ifPresent(retired::add);
    return new ApiMetadata(zones, checks.stream().filter(c -> !c.id().equals(id)).toList(), changes, retired);
  }

  /** Appends a change record, dropping the oldest beyond {@link #MAX_CHANGES}. */
  public ApiMetadata withChange(Change change) {
    List<Change> next = new ArrayList<>(changes);
    next.add(change);
    while (next.size() > MAX_CHANGES) {
      next.removeFirst();
    }
    return new ApiMetadata(zones, checks, next, retiredCheckReferences);
  }

  /**
   * The id of a zone that was not created through the API (e.g. from {@code --config}): "Z" and 20 base-32
   * characters of the SHA-256 of its name, so every member, and every restart, gives the same id.
   */
  public static String derivedZoneId(String name) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return "Z" + base32(hash, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  /** The first {@code chars} base-32 characters of {@code bytes} (RFC 4648 alphabet, no padding). */
  public static String base32(byte[] bytes, int chars) {
    StringBuilder out = new StringBuilder(chars);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5 && out.length() < chars) {
        out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (out.length() < chars) {
      throw new IllegalArgumentException(bytes.length + " bytes give fewer than " + chars + " characters");
    }
    return out.toString();
  }
}
