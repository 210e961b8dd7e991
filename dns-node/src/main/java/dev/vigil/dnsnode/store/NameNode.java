package dev.vigil.dnsnode.store;

import java.util.List;
import java.util.Map;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Everything one owner name holds, compiled for lookup: parallel arrays of types and prebuilt record
 * arrays (a linear scan over a handful of types beats hashing and never boxes). An empty node is an
 * empty non-terminal: the name exists but owns nothing.
 */
public final class NameNode {

    static final NameNode EMPTY_NON_TERMINAL = new NameNode(new int[0], new Record[0][]);

    private final int[] types;
    private final Record[][] sets;
    private final Record[] cname;

    private NameNode(int[] types, Record[][] sets) {
        this.types = types;
        this.sets = sets;
        this.cname = find(Type.CNAME);
    }

    static NameNode of(Map<Integer, List<Record>> byType) {
        int[] types = new int[byType.size()];
        Record[][] sets = new Record[byType.size()][];
        int i = 0;
        for (var e : byType.entrySet()) {
            types[i] = e.getKey();
            sets[i] = e.getValue().toArray(new Record[0]);
            i++;
        }
        return new NameNode(types, sets);
    }

    /** The node owning {@code sets[i]} of type {@code types[i]} (sorted here; the arrays are kept). */
    static NameNode ofSorted(int[] types, Record[][] sets) {
        for (int i = 1; i < types.length; i++) { // insertion sort: a name owns a handful of types
            for (int j = i; j > 0 && types[j - 1] > types[j]; j--) {
                int t = types[j];
                types[j] = types[j - 1];
                types[j - 1] = t;
                Record[] r = sets[j];
                sets[j] = sets[j - 1];
                sets[j - 1] = r;
            }
        }
        return new NameNode(types, sets);
    }

    /** The node of {@code name} owning the RRsets {@code keys} of {@code rrsets}, ordered by type. */
    static NameNode of(org.xbill.DNS.Name name, List<RRsetKey> keys, Map<RRsetKey, List<Record>> rrsets) {
        int[] types = new int[keys.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = keys.get(i).type();
        }
        java.util.Arrays.sort(types);
        Record[][] sets = new Record[types.length][];
        for (int i = 0; i < types.length; i++) {
            sets[i] = rrsets.get(keys.size() == 1 ? keys.get(0) : new RRsetKey(name, types[i])).toArray(new Record[0]);
        }
        return new NameNode(types, sets);
    }

    /** The records of {@code type}, or null. The array is shared: never modify it. */
    public Record[] get(int type) {
        return find(type);
    }

    /** The CNAME record set at this name, or null. */
    public Record[] cname() {
        return cname;
    }

    public boolean isEmptyNonTerminal() {
        return types.length == 0;
    }

    /** Number of RRsets at this name; {@link #setAt(int)} walks them (for ANY queries). */
    public int size() {
        return sets.length;
    }

    /** The type of {@link #setAt(int)}. */
    public int typeAt(int i) {
        return types[i];
    }

    public Record[] setAt(int i) {
        return sets[i];
    }

    /** An empty set (a per-query RRset with no variant: it only makes the name exist) counts as absent. */
    private Record[] find(int type) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == type && sets[i].length > 0) {
                return sets[i];
            }
        }
        return null;
    }
}
