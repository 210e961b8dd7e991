package dev.vigil.controller.routing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mixes weighted options whose answers are themselves weighted (an alias in a weighted group whose target is weighted
 * too) into one list of integer weights with the same probabilities, equal answers merged.
 */
final class Mixing {

  /** Above this common total, probabilities are rounded to millionths instead of kept exact. */
  private static final long EXACT_LIMIT = 1_000_000;

  private Mixing() {}

  /**
   * @param weights the outer options' weights
   * @param perOption each outer option's answers; an empty list (no answer) drops the option
   */
  static List<Outcome> mix(List<Integer> weights, List<List<Outcome>> perOption) {
    long common = 1;
    for (List<Outcome> outcomes : perOption) {
      long total = total(outcomes);
      if (total > 0) {
        common = lcm(common, total);
      }
    }
    boolean exact = common <= EXACT_LIMIT;
    long outerTotal = 0;
    for (int i = 0; i < weights.size(); i++) {
      outerTotal += total(perOption.get(i)) > 0 ? weights.get(i) : 0;
    }
    Map<Content, Long> merged = new LinkedHashMap<>();
    for (int i = 0; i < weights.size(); i++) {
      List<Outcome> outcomes = perOption.get(i);
      long total = total(outcomes);
      for (Outcome outcome : outcomes) {
        long weight = exact
            ? weights.get(i) * outcome.weight() * (common / total)
            : Math.max(1, Math.round(1e6 * weights.get(i) * outcome.weight() / ((double) total * outerTotal)));
        merged.merge(outcome.content(), weight, Long::sum);
      }
    }
    long max = merged.values().stream().mapToLong(Long::longValue).max().orElse(0);
    if (max > Integer.MAX_VALUE) { // the feed's weights are 32-bit: keep the proportions to a millionth
      long sum = merged.values().stream().mapToLong(Long::longValue).sum();
      merged.replaceAll((content, weight) -> Math.max(1, Math.round(1e6 * weight / (double) sum)));
    }
    long gcd = 0;
    for (long weight : merged.values()) {
      gcd = BigInteger.valueOf(gcd).gcd(BigInteger.valueOf(weight)).longValue();
    }
    List<Outcome> out = new ArrayList<>();
    for (var entry : merged.entrySet()) {
      out.add(new Outcome(entry.getKey(), entry.getValue() / gcd));
    }
    return out;
  }

  static long total(List<Outcome> outcomes) {
    return outcomes.stream().mapToLong(Outcome::weight).sum();
  }

  private static long lcm(long a, long b) {
    long gcd = BigInteger.valueOf(a).gcd(BigInteger.valueOf(b)).longValue();
    long lcm = a / gcd * b;
    return lcm < 0 || lcm > EXACT_LIMIT ? EXACT_LIMIT + 1 : lcm;
  }
}
