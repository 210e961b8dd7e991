// Bench helper: load cost of a persisted state (read, name table, table + wire answers), ROUNDS times in one JVM:
// wall and process CPU (every thread: GC and JIT included) per phase; the first round is the cold one. Then the
// cost of keeping the compiled answers next to the snapshot (answers.wire, rewritten in DATA_DIR) and of reading
// them back.
// Usage: java -XX:+UseG1GC -Xmx768m -cp "dns-node/target/vigil-dns-node.jar:dns-node/target/lib/*" bench/DnsNodeLoadCost.java DATA_DIR ROUNDS
import dev.vigil.dnsnode.store.*;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import java.lang.management.ManagementFactory;
import java.nio.file.*;

public class DnsNodeLoadCost {
    public static void main(String[] a) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < Integer.parseInt(a[1]); i++) {
            long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
            StateFile file = new StateFile(Path.of(a[0]));
            AnswerState state = file.load().orElseThrow();
            long t1 = System.nanoTime(), c1 = os.getProcessCpuTime();
            AnswerTable full = AnswerPrecompiler.compile(state);
            long t2 = System.nanoTime(), c2 = os.getProcessCpuTime();
            file.writeCompiled(full.wire(), full.state());
            long t3 = System.nanoTime(), c3 = os.getProcessCpuTime();
            boolean read = file.readCompiled().isPresent();
            long t4 = System.nanoTime(), c4 = os.getProcessCpuTime();
            System.out.printf("round=%d read_ms=%d compile_ms=%d read_cpu_ms=%d compile_cpu_ms=%d names=%d"
                    + " keep_compiled_ms=%d keep_compiled_cpu_ms=%d read_compiled_ms=%d read_compiled_cpu_ms=%d read_back=%b load=\"%s\"%n", i,
                    (t1 - t0) / 1000000, (t2 - t1) / 1000000, (c1 - c0) / 1000000, (c2 - c1) / 1000000,
                    full.wire().size(), (t3 - t2) / 1000000, (c3 - c2) / 1000000, (t4 - t3) / 1000000, (c4 - c3) / 1000000,
                    read, Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
            state = null;
            full = null;
        }
    }
}
