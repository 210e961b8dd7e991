package dev.vigil.e2e.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Vigil program running in its own JVM, its output in a log file. Closing it stops it
 * (SIGTERM, then SIGKILL if it does not exit in time); {@link #kill()} is a kill -9.
 */
public final class VigilProcess implements AutoCloseable {

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Path log;
  private final Process process;

  private VigilProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code java -jar <program jar> args} with the same JVM as this one.
   *
   * @param heap for -Xmx, e.g. "128m"
   */
  public static VigilProcess start(
      VigilHome home, String program, String name, String heap, Path logDir, List<String> args)
      throws IOException {
    return start(home, program, name, heap, List.of(), logDir, args);
  }

  /** As above, with extra JVM options (e.g. {@code -Djdk.net.hosts.file=...}). */
  public static VigilProcess start(VigilHome home, String program, String name, String heap,
      List<String> jvmOptions, Path logDir, List<String> args) throws IOException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>(javaCommand(heap));
    command.addAll(jvmOptions);
    command.addAll(benchOptions("vigil.child.jvmOptions", name));
    command.addAll(benchOptions("vigil.child.jvmOptions." + program, name));
    command.add("-jar");
    command.add(home.jar(program).toString());
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new VigilProcess(name, log, process);
  }

  /** The java binary running this JVM, with small-footprint options for a child program. */
  static List<String> javaCommand(String heap) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Xss512k"));
    if (Runtime.version().feature() >= 24) {
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    return command;
  }

  /**
   * Extra options for every child JVM from {@code -Dvigil.child.jvmOptions}, then for one program's from
   * {@code -Dvigil.child.jvmOptions.PROGRAM} (benchmarks: GC logs, the launcher's compiler and GC settings),
   * {@code {name}} replaced by the process's name; later options override the ones above.
   */
  static List<String> benchOptions(String property, String name) {
    String extra = System.getProperty(property, "").strip();
    return extra.isEmpty() ? List.of() : List.of(extra.replace("{name}", name).split("\\s+"));
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the program to exit by itself and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " did not exit within " + timeout);
    }
    return process.exitValue();
  }

  /** Sends SIGTERM without waiting, so that several programs can stop side by side. */
  public void requestStop() {
    process.destroy();
  }

  /** kill -9: no shutdown hooks, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }
}
