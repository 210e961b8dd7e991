package dev.vigil.dnsnode.store;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map split into many small immutable hash maps (about {@value #PER_SHARD} entries each) by the top bits of the
 * key's hash. {@link #with} copies only the shards a change touches and shares the rest, so a change to a few
 * names of a large zone costs a few small copies, and {@link #forEachDifference} finds what changed by
 * comparing shard references. Null values are not allowed.
 */
public final class ShardedMap<K, V> extends AbstractMap<K, V> {

    static final int PER_SHARD = 32;
    /** From this many shards (about 10,000 entries: a large zone compiled whole) a build uses every core. */
    private static final int PARALLEL_SHARDS = 256;

    private final Map<K, V>[] shards;
    private final int bits;
    private final int size;
    private Set<Entry<K, V>> entries;

    /** Each shard frozen with {@link Map#copyOf} (about half the memory of a HashMap per entry). */
    private ShardedMap(Map<K, V>[] shards, int bits, int size) {
        this.shards = shards;
        this.bits = bits;
        this.size = size;
    }

    /** A sharded copy of {@code map} (null values are dropped). */
    @SuppressWarnings("unchecked")
    public static <K, V> ShardedMap<K, V> of(Map<K, V> map) {
        if (map instanceof ShardedMap<K, V> s) {
            return s;
        }
        Builder<K, V> builder = new Builder<>(map.size());
        map.forEach((k, v) -> {
            if (v != null) {
                builder.put(k, v);
            }
        });
        return builder.build();
    }

    /**
     * This map with {@code changes} applied (a null value removes the key), sharing every shard no change touches.
     * When the size has outgrown the shard count by far, everything is resharded.
     */
    public ShardedMap<K, V> with(Map<K, V> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Map<K, V>[] next = shards.clone();
        Map<Integer, HashMap<K, V>> copied = new HashMap<>();
        int[] size = {this.size};
        changes.forEach((k, v) -> {
            int i = index(k, bits);
            HashMap<K, V> shard = copied.computeIfAbsent(i, x -> new HashMap<>(shards[x]));
            V old = v == null ? shard.remove(k) : shard.put(k, v);
            size[0] += (old == null ? 0 : -1) + (v == null ? 0 : 1);
        });
        copied.forEach((i, shard) -> next[i] = Map.copyOf(shard));
        ShardedMap<K, V> out = new ShardedMap<>(next, bits, size[0]);
        int wanted = bitsFor(size[0]);
        return Math.abs(wanted - bits) > 2 ? of(new HashMap<>(out)) : out;
    }

    /**
     * Calls {@code action} with every key whose value differs between {@code before} and this map (present in
     * one only, or not the same object), comparing only shards that are not shared. Returns false, having done
     * nothing, when the two maps are not sharded alike (then only a full comparison can tell).
     */
    public boolean forEachDifference(ShardedMap<K, V> before, java.util.function.Consumer<K> action) {
        if (before.bits != bits) {
            return false;
        }
        for (int i = 0; i < shards.length; i++) {
            Map<K, V> a = before.shards[i];
            Map<K, V> b = shards[i];
            if (a == b) {
                continue;
            }
            a.forEach((k, v) -> {
                if (b.get(k) != v) {
                    action.accept(k);
                }
            });
            b.forEach((k, v) -> {
                if (!a.containsKey(k)) {
                    action.accept(k);
                }
            });
        }
        return true;
    }

    @Override
    public V get(Object key) {
        return shards[index(key, bits)].get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return shards[index(key, bits)].containsKey(key);
    }

    /** How many shards the map is split into. */
    /**
     * Copies every key and value into {@code keys} and {@code values} from {@code offset} on, in the order of
     * {@link #forEach}; the shards are copied on every core when {@code parallel}.
     */
    public void copyInto(K[] keys, V[] values, int offset, boolean parallel) {
        int[] start = new int[shards.length + 1];
        for (int i = 0; i < shards.length; i++) {
            start[i + 1] = start[i] + shards[i].size();
        }
        java.util.stream.IntStream each = java.util.stream.IntStream.range(0, shards.length);
        (parallel ? each.parallel() : each).forEach(i -> {
            int[] at = {offset + start[i]};
            shards[i].forEach((k, v) -> {
                keys[at[0]] = k;
                values[at[0]++] = v;
            });
        });
    }

    int shardCount() {
        return shards.length;
    }

    @Override
    public int size() {
        return size;
    }

    /** The entries of shard {@code shard} (of {@link #shardCount}): a key goes to the same shard in any map or builder with as many shards. */
    void forEachInShard(int shard, BiConsumer<? super K, ? super V> action) {
        shards[shard].forEach(action);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (Map<K, V> shard : shards) {
            shard.forEach(action);
        }
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        if (entries == null) {
            entries = new AbstractSet<>() {
                @Override
                public Iterator<Entry<K, V>> iterator() {
                    return new Iterator<>() {
                        private int shard = 0;
                        private Iterator<Entry<K, V>> current = shards[0].entrySet().iterator();

                        @Override
                        public boolean hasNext() {
                            while (!current.hasNext() && shard + 1 < shards.length) {
                                current = shards[++shard].entrySet().iterator();
                            }
                            return current.hasNext();
                        }

                        @Override
                        public Entry<K, V> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            Entry<K, V> e = current.next();
                            return Map.entry(e.getKey(), e.getValue());
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
        return entries;
    }

    /**
     * Fills shards directly (sized for about {@code expected} keys), then freezes them into a map. A shard can be
     * frozen as soon as it is complete ({@link #freezeShard}, {@link #putAllInOrder}): its hash map is then garbage
     * while it is young instead of surviving, with a million others, until {@link #build}. Writing to a frozen shard
     * thaws it (a copy), so freezing early never changes the result.
     */
    public static final class Builder<K, V> {
        /** Per shard: null (nothing yet), a HashMap being filled, or a frozen {@link Map#copyOf}. */
        private final Map<K, V>[] shards;
        private final int bits;
        private final int perShard;

        @SuppressWarnings("unchecked")
        public Builder(int expected) {
            bits = bitsFor(expected);
            shards = new Map[1 << bits];
            perShard = expected / shards.length + 1;
        }

        /** Shard {@code i} as a map that can be written (created or thawed when needed). */
        private HashMap<K, V> writable(int i) {
            Map<K, V> shard = shards[i];
            if (shard instanceof HashMap<K, V> open) {
                return open;
            }
            HashMap<K, V> open = new HashMap<>(Math.max(perShard, shard == null ? 0 : shard.size()) * 4 / 3 + 1);
            if (shard != null) {
                open.putAll(shard);
            }
            shards[i] = open;
            return open;
        }

        private Map<K, V> readable(int i) {
            return shards[i] == null ? Map.of() : shards[i];
        }

        public void put(K key, V value) {
            writable(index(key, bits)).put(key, value);
        }

        public void putIfAbsent(K key, V value) {
            int i = index(key, bits);
            if (!readable(i).containsKey(key)) {
                writable(i).put(key, value);
            }
        }

        public void merge(K key, V value, java.util.function.BiFunction<? super V, ? super V, ? extends V> remap) {
            writable(index(key, bits)).merge(key, value, remap);
        }

        public void forEach(BiConsumer<? super K, ? super V> action) {
            for (int i = 0; i < shards.length; i++) {
                readable(i).forEach(action);
            }
        }

        /** Removes {@code key} when {@code value} is null, else puts it. */
        public void putOrRemove(K key, V value) {
            if (value == null) {
                int i = index(key, bits);
                if (readable(i).containsKey(key)) {
                    writable(i).remove(key);
                }
            } else {
                put(key, value);
            }
        }

        public int shardCount() {
            return shards.length;
        }

        /** The entries of one shard; a key in shard i of a builder goes to shard i of any builder of equal size. */
        public void forEachInShard(int shard, BiConsumer<? super K, ? super V> action) {
            readable(shard).forEach(action);
        }

        /** Puts into shard {@code shard} only (which must be the key's): shards can be filled by threads of their own. */
        public void putInShard(int shard, K key, V value) {
            writable(shard).put(key, value);
        }

        /** Freezes shard {@code shard} now (from the thread that filled it); a later write thaws it again. */
        public void freezeShard(int shard) {
            if (shards[shard] instanceof HashMap<K, V> open) {
                shards[shard] = Map.copyOf(open);
            }
        }

        /**
         * Puts {@code keys[i] -> values[i]} (a null value removes the key) for every i, in ascending i within each
         * shard: the same map as {@link #putOrRemove} called in that order, but each shard filled (and frozen) by
         * one thread, on every core when {@code parallel} (a large load). A null key is skipped.
         */
        public void putAllInOrder(K[] keys, V[] values, boolean parallel) {
            int[] start = new int[shards.length + 1];
            int[] shardOf = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) {
                    shardOf[i] = index(keys[i], bits);
                    start[shardOf[i] + 1]++;
                }
            }
            for (int s = 0; s < shards.length; s++) {
                start[s + 1] += start[s];
            }
            int[] order = new int[start[shards.length]];
            int[] fill = java.util.Arrays.copyOf(start, shards.length);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) {
                    order[fill[shardOf[i]]++] = i;
                }
            }
            java.util.stream.IntStream each = java.util.stream.IntStream.range(0, shards.length);
            (parallel ? each.parallel() : each).forEach(s -> {
                for (int j = start[s]; j < start[s + 1]; j++) {
                    putOrRemove(keys[order[j]], values[order[j]]);
                }
                freezeShard(s);
            });
        }

        /** The frozen map; the shards still open are frozen on every core when there are many (a large zone). */
        @SuppressWarnings("unchecked")
        public ShardedMap<K, V> build() {
            Map<K, V>[] frozen = new Map[shards.length];
            java.util.stream.IntStream each = java.util.stream.IntStream.range(0, shards.length);
            (shards.length >= PARALLEL_SHARDS ? each.parallel() : each).forEach(i -> {
                Map<K, V> shard = readable(i);
                frozen[i] = shard instanceof HashMap<K, V> ? Map.copyOf(shard) : shard;
                shards[i] = null; // the builder is spent; let its maps go
            });
            int size = 0;
            for (Map<K, V> shard : frozen) {
                size += shard.size();
            }
            return new ShardedMap<>(frozen, bits, size);
        }
    }

    private static int bitsFor(int size) {
        int shards = Math.max(1, size / PER_SHARD);
        return 31 - Integer.numberOfLeadingZeros(shards);
    }

    /** The top bits of a multiplicative hash: independent of the low bits each shard's HashMap indexes by. */
    private static int index(Object key, int bits) {
        if (bits == 0) {
            return 0;
        }
        int h = key.hashCode();
        return ((h ^ (h >>> 16)) * 0x9E3779B9) >>> (32 - bits);
    }
}
