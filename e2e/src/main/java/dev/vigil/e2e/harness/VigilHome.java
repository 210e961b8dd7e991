package dev.vigil.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Vigil checkout is, and the runnable jar of each program in it. */
public record VigilHome(Path root) {

  /** From {@code -Dvigil.home}, else the first parent of the working directory holding ./vigil. */
  public static VigilHome locate() {
    String configured = System.getProperty("vigil.home", System.getenv("VIGIL_HOME"));
    if (configured != null && !configured.isBlank()) {
      return new VigilHome(Path.of(configured).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("vigil")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return new VigilHome(dir);
      }
    }
    throw new IllegalStateException("cannot find the Vigil checkout: set -Dvigil.home");
  }

  /** The runnable jar of a program: "controller", "agent" or "dns-node". */
  public Path jar(String program) {
    Path jar = root.resolve(program).resolve("target").resolve("vigil-" + program + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests package");
    }
    return jar;
  }
}
