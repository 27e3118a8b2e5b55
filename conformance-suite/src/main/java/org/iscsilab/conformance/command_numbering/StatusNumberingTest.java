package org.iscsilab.conformance.command_numbering;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.conformance.LoggedInConnection.u;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.junit.jupiter.api.Test;

/** StatSN: one per status on a connection, nothing for PDUs without status (RFC 7143 §4.2.2.2). */
@Area(ProtocolArea.COMMAND_NUMBERING)
class StatusNumberingTest {

  @Test
  @Clause(value = "RFC 7143 §4.2.2.2", level = Level.MUST)
  void firstStatusAfterLoginCarriesTheNextStatSN(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int loginStatSN = c.login().statSN();
    LoggedInConnection.Exchange e = c.run(CommandWindowTest.TEST_UNIT_READY, 0);
    assertThat(u(e.statSN())).as("StatSN of the first status after the final Login Response with StatSN %s",
        u(loginStatSN)).isEqualTo(u(loginStatSN + 1));
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.2", level = Level.MUST)
  void statSNIncrementsByOnePerStatus(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    List<String> seen = new ArrayList<>();
    int previous = c.run(CommandWindowTest.TEST_UNIT_READY, 0).statSN();
    seen.add("TEST UNIT READY " + u(previous));
    for (int i = 0; i < 4; i++) {
      int sn;
      String what;
      if (i % 2 == 0) {
        sn = c.run(CommandWindowTest.TEST_UNIT_READY, 0).statSN();
        what = "TEST UNIT READY";
      } else {
        c.send(NopOut.ping(c.itt(), c.currentCmdSN(), c.expStatSN(), DataSegment.EMPTY));
        sn = c.expect(NopIn.class, "NOP-In answering a ping").statSN();
        what = "NOP-In";
      }
      seen.add(what + " " + u(sn));
      assertThat(u(sn)).as("StatSN of the %s after StatSN %s (sequence so far: %s)", what, u(previous), seen)
          .isEqualTo(u(previous + 1));
      previous = sn;
    }
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.2", level = Level.MUST)
  void dataInWithoutStatusDoesNotAdvanceStatSN(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx,
        s -> s.withKey(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH, "4096"));
    int bs = c.blockSize();
    int before = c.run(CommandWindowTest.TEST_UNIT_READY, 0).statSN();
    int blocks = Math.max(1, 16384 / bs);
    byte[] read10 = {0x28, 0, 0, 0, 0, 0, 0, (byte) (blocks >> 8), (byte) blocks, 0};
    LoggedInConnection.Exchange read = c.run(read10, blocks * bs);
    long withoutStatus = read.dataIns().stream().filter(d -> !d.statusPresent()).count();
    int after = c.run(CommandWindowTest.TEST_UNIT_READY, 0).statSN();
    assertThat(u(read.statSN())).as("StatSN of the READ's status after %d Data-In PDUs without status (%s), "
        + "the previous status having StatSN %s", withoutStatus,
        read.dataIns().stream().map(PduSummary::of).toList(), u(before)).isEqualTo(u(before + 1));
    assertThat(u(after)).as("StatSN of the TEST UNIT READY after the READ").isEqualTo(u(before + 2));
  }

  @Test
  @Clause(value = "RFC 7143 §11.19.2", level = Level.MUST)
  void nopInAnsweringAPingAdvancesStatSN(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int before = c.run(CommandWindowTest.TEST_UNIT_READY, 0).statSN();
    c.send(NopOut.ping(c.itt(), c.currentCmdSN(), c.expStatSN(), DataSegment.EMPTY));
    NopIn in = c.expect(NopIn.class, "NOP-In answering a ping");
    int after = c.run(CommandWindowTest.TEST_UNIT_READY, 0).statSN();
    assertThat(u(in.statSN())).as("StatSN of the NOP-In answering a ping (its ITT is valid, so it is a "
        + "status and StatSN advances)").isEqualTo(u(before + 1));
    assertThat(u(after)).as("StatSN of the next status after the NOP-In").isEqualTo(u(before + 2));
  }

}
