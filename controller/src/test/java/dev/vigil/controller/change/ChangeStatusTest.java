package dev.vigil.controller.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.publish.NodeAcks.NodeAck;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GetChange's PENDING / INSYNC from the dns-nodes' acknowledgements. */
class ChangeStatusTest {

  /** The change is entry 10; the state has applied up to 12 and its answers were last changed by entry 11. */
  static final ApiMetadata.Change CHANGE = new ApiMetadata.Change("C", 10, Instant.EPOCH, "");
  static final ControllerState STATE = new ControllerState(DesiredState.EMPTY, Map.of(), AnswerSet.EMPTY,
      new AnswerVersion(2, 11), 11, 12);

  static NodeAck ack(String node, long index) {
    return ack(node, 2, index);
  }

  static NodeAck ack(String node, long term, long index) {
    return new NodeAck(node, new AnswerVersion(term, index), Instant.EPOCH, Instant.EPOCH);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("noDnsNodeKnownIsInsync", STATE, List.of(), "INSYNC"),
        Arguments.of("everyNodeAtOrAfterTheChangeIsInsync", STATE, List.of(ack("n1", 10), ack("n2", 11)), "INSYNC"),
        Arguments.of("oneNodeBeforeTheChangeIsPending", STATE, List.of(ack("n1", 11), ack("n2", 9)), "PENDING"),
        Arguments.of("aNodeOnTheCurrentAnswersServesAChangeThatLeftAnswersAlone",
            new ControllerState(DesiredState.EMPTY, Map.of(), AnswerSet.EMPTY, new AnswerVersion(1, 8), 10, 12),
            List.of(ack("n1", 1, 8)), "INSYNC"),
        Arguments.of("aNodeOnOlderAnswersIsPending",
            new ControllerState(DesiredState.EMPTY, Map.of(), AnswerSet.EMPTY, new AnswerVersion(1, 8), 10, 12),
            List.of(ack("n1", 1, 7)), "PENDING"),
        Arguments.of("aMemberThatHasNotAppliedTheChangeIsPending",
            new ControllerState(DesiredState.EMPTY, Map.of(), AnswerSet.EMPTY, new AnswerVersion(1, 8), 8, 9),
            List.of(), "PENDING"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void status(String name, ControllerState state, List<NodeAck> acks, String expected) {
    assertEquals(expected, ChangeStatus.of(CHANGE, state, acks));
  }
}
