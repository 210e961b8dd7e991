// Bench helper: warm load cost of a persisted state (read, name table, table + wire answers), ROUNDS times in one JVM.
// Usage: java -XX:+UseParallelGC -Xmx1500m -cp "dns-node/target/vigil-dns-node.jar:dns-node/target/lib/*" bench/DnsNodeLoadCost.java DATA_DIR ROUNDS
import dev.vigil.dnsnode.store.*;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import java.nio.file.*;

public class DnsNodeLoadCost {
    public static void main(String[] a) throws Exception {
        for (int i = 0; i < Integer.parseInt(a[1]); i++) {
            long t0 = System.nanoTime();
            AnswerState state = new StateFile(Path.of(a[0])).load().orElseThrow();
            long t1 = System.nanoTime();
            AnswerTable table = AnswerTable.compile(state);
            long t2 = System.nanoTime();
            AnswerTable full = AnswerPrecompiler.compile(state);
            long t3 = System.nanoTime();
            System.out.printf("read=%d table=%d table+wire=%d ms%n", (t1 - t0) / 1000000, (t2 - t1) / 1000000, (t3 - t2) / 1000000);
        }
    }
}
