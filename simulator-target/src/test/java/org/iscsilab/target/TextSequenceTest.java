package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.target.backend.LunSpec;
import org.junit.jupiter.api.Test;

/** Text Request / Response sequences in full feature phase (RFC 7143 §11.10, §11.11). */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class TextSequenceTest {
  private static final int RESERVED = Pdu.RESERVED_TAG;
  private static final int TARGETS = 40;

  private static IscsiTarget manyTargets() {
    IscsiTarget.Builder b = TargetFixture.builder();
    for (int k = 0; k < TARGETS; k++) {
      b.target(TargetDefinition.of(String.format("iqn.2026-11.org.iscsilab:a-rather-long-target-name-%03d", k),
          LunSpec.parse("1MiB")));
    }
    return b.start();
  }

  private static TestInitiator discovery(IscsiTarget t, int maxRecv) {
    TestInitiator i = TestInitiator.connect(t.address());
    TestInitiator.Login l = new TestInitiator.Login().op("MaxRecvDataSegmentLength", Integer.toString(maxRecv));
    l.discovery = true;
    assertThat(i.login(l).status().isSuccess()).isTrue();
    return i;
  }

  private static TextResponse text(TestInitiator i, boolean fin, boolean cont, int itt, int ttt, DataSegment d) {
    i.send(new TextRequest(true, fin, cont, 0, itt, ttt, i.cmdSN, i.expStatSN, d));
    TextResponse r = i.receive(TextResponse.class);
    i.expStatSN = r.statSN() + 1;
    return r;
  }

  private static DataSegment sendTargetsAll() {
    return TestInitiator.keys(Map.of("SendTargets", "All"));
  }

  /** Fetches the rest of a long answer with empty requests; returns the whole text and the PDUs. */
  private static List<TextResponse> drain(TestInitiator i, int itt, TextResponse first, ByteArrayOutputStream text) {
    List<TextResponse> all = new ArrayList<>(List.of(first));
    text.writeBytes(first.data().toByteArray());
    TextResponse r = first;
    while (r.continueFlag()) {
      assertThat(r.finalFlag()).as("C=1 needs F=0").isFalse();
      assertThat(r.targetTransferTag()).as("a piece invites a follow-on request").isNotEqualTo(RESERVED);
      r = text(i, true, false, itt, r.targetTransferTag(), DataSegment.EMPTY);
      assertThat(r.initiatorTaskTag()).isEqualTo(itt);
      all.add(r);
      text.writeBytes(r.data().toByteArray());
      assertThat(all).as("bounded").hasSizeLessThan(1000);
    }
    return all;
  }

  private static Map<String, List<String>> keys(byte[] text) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String kv : new String(text, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
      int eq = kv.indexOf('=');
      m.computeIfAbsent(kv.substring(0, eq), k -> new ArrayList<>()).add(kv.substring(eq + 1));
    }
    return m;
  }

  @Test
  void longSendTargetsAnswerIsSplitAtMaxRecvDataSegmentLengthAndFetchedWithEmptyRequests() {
    try (IscsiTarget t = manyTargets(); TestInitiator i = discovery(t, 512)) {
      TextResponse first = text(i, true, false, 0x31, RESERVED, sendTargetsAll());
      assertThat(first.continueFlag()).isTrue();
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      List<TextResponse> pieces = drain(i, 0x31, first, text);
      assertThat(pieces.size()).isGreaterThan(4);
      for (TextResponse p : pieces) {
        assertThat(p.data().length()).isLessThanOrEqualTo(512);
      }
      TextResponse last = pieces.get(pieces.size() - 1);
      assertThat(last.finalFlag()).isTrue();
      assertThat(last.targetTransferTag()).isEqualTo(RESERVED);
      assertThat(keys(text.toByteArray()).get("TargetName")).hasSize(TARGETS + 1)
          .contains("iqn.2026-11.org.iscsilab:a-rather-long-target-name-039");
    }
  }

  @Test
  void aRequestWithTheReservedTttRestartsTheAnswerFromTheBeginning() {
    try (IscsiTarget t = manyTargets(); TestInitiator i = discovery(t, 512)) {
      TextResponse first = text(i, true, false, 0x41, RESERVED, sendTargetsAll());
      TextResponse second = text(i, true, false, 0x41, first.targetTransferTag(), DataSegment.EMPTY);
      assertThat(second.continueFlag()).isTrue();
      // reset: a new request (new ITT, TTT 0xffffffff) gets the whole answer again
      TextResponse again = text(i, true, false, 0x42, RESERVED, sendTargetsAll());
      assertThat(again.data()).isEqualTo(first.data());
      // the abandoned sequence's TTT is no longer valid
      i.send(new TextRequest(true, true, false, 0, 0x41, second.targetTransferTag(), i.cmdSN, i.expStatSN,
          DataSegment.EMPTY));
      Reject rj = i.receive(Reject.class);
      i.expStatSN = rj.statSN() + 1;
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      drain(i, 0x42, again, text);
      assertThat(keys(text.toByteArray()).get("TargetName")).hasSize(TARGETS + 1);
    }
  }

  @Test
  void aContinuationWithAnotherIttOrAnUnknownTttIsRejected() {
    try (IscsiTarget t = manyTargets(); TestInitiator i = discovery(t, 512)) {
      TextResponse first = text(i, true, false, 0x51, RESERVED, sendTargetsAll());
      i.send(new TextRequest(true, true, false, 0, 0x52, first.targetTransferTag(), i.cmdSN, i.expStatSN,
          DataSegment.EMPTY));
      i.expStatSN = i.receive(Reject.class).statSN() + 1;
      i.send(new TextRequest(true, true, false, 0, 0x51, first.targetTransferTag() + 77, i.cmdSN, i.expStatSN,
          DataSegment.EMPTY));
      i.expStatSN = i.receive(Reject.class).statSN() + 1;
      // the sequence itself is intact
      TextResponse next = text(i, true, false, 0x51, first.targetTransferTag(), DataSegment.EMPTY);
      assertThat(next.data().length()).isPositive();
    }
  }

  @Test
  void initiatorContinuationAndFinalBitZeroAreAnsweredWithFinalZeroAndAValidTtt() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      byte[] all = TestInitiator.keys(Map.of("SendTargets", "")).toByteArray();
      // the initiator's text in two PDUs: C=1 (so F=0) then the rest
      TextResponse r1 = text(i, false, true, 0x61, RESERVED, DataSegment.of(all, 0, 5));
      assertThat(r1.finalFlag()).isFalse();
      assertThat(r1.continueFlag()).isFalse();
      assertThat(r1.data().length()).isZero();
      assertThat(r1.targetTransferTag()).isNotEqualTo(RESERVED);
      // the rest with F=0: the initiator is not done, so the answer has F=0 and a TTT
      TextResponse r2 = text(i, false, false, 0x61, r1.targetTransferTag(), DataSegment.of(all, 5, all.length - 5));
      assertThat(r2.finalFlag()).isFalse();
      assertThat(r2.targetTransferTag()).isNotEqualTo(RESERVED);
      assertThat(r2.data().asText()).contains("TargetName=" + IscsiTarget.DEFAULT_IQN);
      // an empty F=1 request ends the sequence
      TextResponse r3 = text(i, true, false, 0x61, r2.targetTransferTag(), DataSegment.EMPTY);
      assertThat(r3.finalFlag()).isTrue();
      assertThat(r3.targetTransferTag()).isEqualTo(RESERVED);
      assertThat(r3.data().length()).isZero();
      // the session still works
      assertThat(i.read(TargetFixture.read10(0, 1), 512).status()).isZero();
    }
  }
}
