package dev.vigil.dnsnode.sync;

import static dev.vigil.dnsnode.Fixtures.change;
import static dev.vigil.dnsnode.Fixtures.full;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.dnsnode.store.Version;
import dev.vigil.dnsnode.sync.UpdatePolicy.Decision;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class UpdatePolicyTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("first full on an empty node", 0, full(5), Decision.APPLY_FULL),
                Arguments.of("newer full", 5, full(9), Decision.APPLY_FULL),
                Arguments.of("change on the applied version", 5, change(5, 6), Decision.APPLY_CHANGE),
                Arguments.of("change that skips versions but bases on ours", 5, change(5, 8), Decision.APPLY_CHANGE),
                Arguments.of("change on a version we do not have", 5, change(6, 7), Decision.BASE_MISMATCH),
                Arguments.of("change while empty", 0, change(3, 4), Decision.BASE_MISMATCH),
                Arguments.of("same version again", 5, full(5), Decision.ALREADY_APPLIED),
                Arguments.of("same version as a change", 5, change(4, 5), Decision.ALREADY_APPLIED),
                Arguments.of("older full (wiped controllers)", 5, full(2), Decision.OLDER),
                Arguments.of("older change", 5, change(1, 2), Decision.OLDER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesByIndexAndBase(String name, long applied, AnswerUpdate update, Decision expected) {
        assertEquals(expected, UpdatePolicy.decide(new Version(1, applied), update));
    }
}
