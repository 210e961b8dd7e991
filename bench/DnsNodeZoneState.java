// Bench loader: turns an RFC 1035 zone file into the dns-node's on-disk state (DIR/answers.pb), the same
// full snapshot a controller would push. The node then starts from disk (no controller needed) and compiles it
// through the normal AnswerTable path.
// Usage (Java source launcher): java -cp 'dns-node/target/vigil-dns-node.jar:dns-node/target/lib/*' \
//        bench/DnsNodeZoneState.java ZONEFILE ORIGIN DATADIR [INDEX]
import dev.vigil.dnsnode.store.AnswerState;
import dev.vigil.dnsnode.store.RRsetKey;
import dev.vigil.dnsnode.store.StateFile;
import dev.vigil.dnsnode.store.Version;
import dev.vigil.dnsnode.store.ZoneData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

public class DnsNodeZoneState {
    public static void main(String[] args) throws Exception {
        Name origin = Name.fromString(args[1], Name.root);
        long index = args.length > 3 ? Long.parseLong(args[3]) : 1;
        Map<RRsetKey, List<Record>> rrsets = new HashMap<>();
        long count = 0;
        try (Master master = new Master(args[0], origin)) {
            for (Record r; (r = master.nextRecord()) != null; count++) {
                rrsets.computeIfAbsent(new RRsetKey(r.getName(), r.getType()), k -> new ArrayList<>()).add(r);
            }
        }
        AnswerState state = new AnswerState(new Version(1, index), System.currentTimeMillis(),
                Map.of(origin, new ZoneData(origin, rrsets)));
        new StateFile(Path.of(args[2])).save(state);
        System.out.println("records=" + count + " rrsets=" + rrsets.size() + " state=" + Path.of(args[2], "answers.pb"));
    }
}
