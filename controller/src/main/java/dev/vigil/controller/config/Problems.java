package dev.vigil.controller.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while reading one configuration. */
final class Problems {

  private final List<ConfigProblem> found = new ArrayList<>();

  void add(String path, String message) {
    found.add(new ConfigProblem(path, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  int count() {
    return found.size();
  }

  List<ConfigProblem> list() {
    return List.copyOf(found);
  }
}
