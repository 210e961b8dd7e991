package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.Version;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@code version.vigil. CH TXT}: which answer version this node serves, as {@code "index=N" "term=T"} (the
 * Raft index and term of the state). Like {@code version.server.} on NSD; any other CHAOS name is REFUSED.
 */
final class VersionQuery {

    static final Name NAME = Name.fromConstantString("version.vigil.");

    private VersionQuery() {}

    static int answer(Record question, Version version, Message response) {
        if (!question.getName().equals(NAME)) {
            return Rcode.REFUSED;
        }
        response.getHeader().setFlag(Flags.AA);
        int qtype = question.getType();
        if (qtype == Type.TXT || qtype == Type.ANY) {
            response.addRecord(new TXTRecord(NAME, DClass.CH, 0,
                    List.of("index=" + version.index(), "term=" + version.term())), Section.ANSWER);
        }
        return Rcode.NOERROR;
    }
}
