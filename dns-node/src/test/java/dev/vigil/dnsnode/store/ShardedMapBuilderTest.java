package dev.vigil.dnsnode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class ShardedMapBuilderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tiny, one shard", 10, 5, false),
                Arguments.of("small, sequential", 2_000, 700, false),
                Arguments.of("small, parallel", 2_000, 700, true),
                Arguments.of("large, parallel (frozen in parallel too)", 60_000, 20_000, true),
                Arguments.of("large, sequential", 60_000, 20_000, false));
    }

    /** Filled per shard (and on every core) or one by one in order, the map is the same: the last put wins. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fillingByShardInOrderEqualsPuttingOneByOne(String rule, int count, int distinct, boolean parallel) {
        Random random = new Random(count + distinct);
        String[] keys = new String[count];
        Integer[] values = new Integer[count];
        for (int i = 0; i < count; i++) {
            int k = random.nextInt(distinct);
            keys[i] = random.nextInt(50) == 0 ? null : "k" + k;
            values[i] = random.nextInt(8) == 0 ? null : i; // null removes the key
        }
        ShardedMap.Builder<String, Integer> oneByOne = new ShardedMap.Builder<>(count);
        Map<String, Integer> model = new HashMap<>();
        for (int i = 0; i < count; i++) {
            if (keys[i] != null) {
                oneByOne.putOrRemove(keys[i], values[i]);
                if (values[i] == null) {
                    model.remove(keys[i]);
                } else {
                    model.put(keys[i], values[i]);
                }
            }
        }
        ShardedMap.Builder<String, Integer> byShard = new ShardedMap.Builder<>(count);
        byShard.putAllInOrder(keys, values, parallel);
        // Writes after the shards were frozen thaw them: the result is still that of every write in order.
        for (int i = 0; i < 200; i++) {
            String key = "k" + random.nextInt(distinct + 10);
            Integer value = random.nextInt(3) == 0 ? null : -i;
            if (random.nextBoolean()) {
                oneByOne.putOrRemove(key, value);
                byShard.putOrRemove(key, value);
                if (value == null) {
                    model.remove(key);
                } else {
                    model.put(key, value);
                }
            } else if (value != null) {
                oneByOne.putIfAbsent(key, value);
                byShard.putIfAbsent(key, value);
                model.putIfAbsent(key, value);
            }
        }

        ShardedMap<String, Integer> built = byShard.build();
        assertEquals(model, built, rule);
        assertEquals(oneByOne.build(), built, rule);
        assertEquals(model.size(), built.size(), rule);
    }
}
