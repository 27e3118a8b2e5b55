package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.IntSupplier;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.junit.jupiter.api.Test;

/** StatSN acknowledgement through ExpStatSN (RFC 7143 §4.2.2.2). */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class StatusAcknowledgementTest {

  private static final int RESERVED = Pdu.RESERVED_TAG;

  /** Waits (bounded) until the target's own loop has processed what was sent. */
  private static void await(IntSupplier value, int expected) {
    long end = System.nanoTime() + TestInitiator.WAIT.toNanos();
    while (value.getAsInt() != expected && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    assertThat(value.getAsInt()).isEqualTo(expected);
  }

  private static ScsiResponse testUnitReady(TestInitiator i, int expStatSN) {
    ScsiCommand c = ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(i.nextItt()).cmdSN(i.cmdSN++)
        .expStatSN(expStatSN).build();
    i.send(c);
    return i.receive(ScsiResponse.class);
  }

  @Test
  void statusIsKeptUntilExpStatSNAcknowledgesIt() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      int first = i.expStatSN;
      int last = 0;
      for (int k = 0; k < 5; k++) {
        last = testUnitReady(i, first).statSN(); // never acknowledging anything
      }
      assertThat(last - first).isEqualTo(4);
      assertThat(t.unacknowledgedStatusCount()).isEqualTo(5);
      // a NOP-Out with both tags reserved carries only the acknowledgement (§11.18)
      i.send(new NopOut(true, 0, RESERVED, RESERVED, i.cmdSN, first + 3, DataSegment.EMPTY));
      await(t::unacknowledgedStatusCount, 2);
      // a stale, smaller ExpStatSN acknowledges nothing new and is no error
      i.send(new NopOut(true, 0, RESERVED, RESERVED, i.cmdSN, first + 1, DataSegment.EMPTY));
      testUnitReady(i, last + 1); // acknowledges all five; its own status is the only one left
      await(t::unacknowledgedStatusCount, 1);
      assertThat(t.expStatSNAheadCount()).isZero();
    }
  }

  @Test
  void expStatSNAheadOfTheNextStatSNAcknowledgesNothingAndIsCounted() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      int first = i.expStatSN;
      ScsiResponse r = testUnitReady(i, first);
      assertThat(r.statSN()).isEqualTo(first);
      // StatSN first+1 is the next to be sent: first+2 acknowledges a status that does not exist
      ScsiResponse r2 = testUnitReady(i, first + 2);
      assertThat(r2.status()).as("the command itself is still served").isZero();
      assertThat(t.expStatSNAheadCount()).isEqualTo(1);
      assertThat(t.unacknowledgedStatusCount()).isEqualTo(2);
      testUnitReady(i, r2.statSN() + 1);
      await(t::unacknowledgedStatusCount, 1);
      assertThat(i.poll(Duration.ofMillis(50))).as("no Reject, nothing else sent").isEmpty();
      assertThat(t.expStatSNAheadCount()).isEqualTo(1);
    }
  }
}
