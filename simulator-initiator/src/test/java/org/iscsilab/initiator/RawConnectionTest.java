package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RawConnectionTest {

  ScriptedTarget target;

  @BeforeEach
  void start() {
    target = new ScriptedTarget();
  }

  @AfterEach
  void stop() {
    target.close();
  }

  @Test
  void logsInSendsADamagedPduAndRecordsEverythingWithTimestamps() {
    try (IscsiConnection c = IscsiConnection.connect("127.0.0.1", target.port(), Duration.ofSeconds(5), null, true)) {
      LoginOutcome o = c.login(target.config().login());
      assertThat(o.tsih()).isEqualTo(7);
      RawPdu ping = NopOut.ping(0x42, o.cmdSN(), o.statSN() + 1, DataSegment.ofText("hello")).toRaw()
          .withByte(2, 0x55); // a reserved byte set on purpose
      c.send(ping);
      Pdu reply = c.receive(Duration.ofSeconds(5));
      assertThat(reply).isInstanceOfSatisfying(NopIn.class, n -> {
        assertThat(n.initiatorTaskTag()).isEqualTo(0x42);
        assertThat(n.data().asText()).isEqualTo("hello");
      });
      assertThat(c.history()).extracting(PduRecord::direction).containsSubsequence(
          PduRecord.Direction.OUT, PduRecord.Direction.IN, PduRecord.Direction.OUT, PduRecord.Direction.IN);
      assertThat(c.history().get(c.history().size() - 2).pdu()).isEqualTo(ping);
      assertThat(c.history()).allSatisfy(r -> assertThat(r.time()).isNotNull());
    }
  }

  @Test
  void tracksCmdSnAndExpStatSnForTestsThatBuildTheirOwnPdus() {
    try (IscsiConnection c = IscsiConnection.connect("127.0.0.1", target.port(), Duration.ofSeconds(5), null, true)) {
      LoginOutcome o = c.login(target.config().login());
      assertThat(c.cmdSN()).isEqualTo(o.cmdSN());
      assertThat(c.expStatSN()).isEqualTo(o.statSN() + 1);
      int sn = c.takeCmdSN();
      c.send(org.iscsilab.protocol.pdu.ScsiCommand.builder().initiatorTaskTag(9).cmdSN(sn).expStatSN(c.expStatSN())
          .cdb(org.iscsilab.protocol.scsi.cdb.TestUnitReady.of().toBytes()).build());
      Pdu r = c.receive(Duration.ofSeconds(5));
      assertThat(r).isInstanceOf(org.iscsilab.protocol.pdu.ScsiResponse.class);
      assertThat(c.expStatSN()).isEqualTo(((org.iscsilab.protocol.pdu.ScsiResponse) r).statSN() + 1);
      assertThat(c.expCmdSN()).isEqualTo(sn + 1);
      assertThat(c.cmdSN()).isEqualTo(sn + 1);
    }
  }

  @Test
  void receiveWithADeadlineSaysWhatWasAwaitedWhenNothingComes() {
    try (IscsiConnection c = IscsiConnection.connect("127.0.0.1", target.port(), Duration.ofSeconds(5), null, true)) {
      c.login(target.config().login());
      assertThatThrownBy(() -> c.receive(Duration.ofMillis(200)))
          .isInstanceOf(TaskStalledException.class)
          .hasMessageStartingWith("no PDU for raw receive after 0.2 s; the target's last PDU came")
          .hasMessageContaining("the target owes nothing by rule")
          .hasMessageContaining("Login Response");
    }
  }

  @Test
  void anUnreachablePortalIsReportedInOneLine() {
    int port = target.port();
    target.close();
    assertThatThrownBy(() -> IscsiConnection.connect("127.0.0.1", port, Duration.ofSeconds(2), null, true))
        .isInstanceOf(PortalUnreachableException.class)
        .hasMessageStartingWith("cannot connect to 127.0.0.1:" + port);
    target = new ScriptedTarget();
  }
}
