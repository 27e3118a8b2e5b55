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
import org.junit.jupiter.api.extension.ExtendWith;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;

@ExtendWith(NettyLeakDetection.class)
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
  void aDataDigestErrorComesBackAsAValueFromReceiveAny() {
    try (IscsiConnection c = IscsiConnection.connect("127.0.0.1", target.port(), Duration.ofSeconds(5), null, true)) {
      LoginOutcome o = c.login(target.config().login().withDigests("CRC32C", "CRC32C"));
      assertThat(c.framing().inbound().dataDigest()).isTrue();
      target.corruptNextNopInDataDigest = true;
      c.send(NopOut.ping(0x21, c.cmdSN(), c.expStatSN(), DataSegment.ofText("digest me")));
      Object got = c.receiveAny(Duration.ofSeconds(5));
      assertThat(got).isInstanceOfSatisfying(org.iscsilab.protocol.codec.PduDecodeError.class,
          e -> assertThat(e.error().getMessage()).contains("data digest error"));
      c.send(NopOut.ping(0x22, c.cmdSN(), c.expStatSN(), DataSegment.EMPTY));
      assertThat(c.receiveAny(Duration.ofSeconds(5))).isInstanceOf(NopIn.class);
      assertThat(o.result().connection().dataDigest()).isEqualTo(org.iscsilab.protocol.negotiation.Digest.CRC32C);
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
  void aTargetThatAcceptsTheConnectionButNeverAnswersTheLoginIsDiagnosed() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      LoginSpec spec = LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, "iqn.2026-11.org.iscsilab:silent")
          .withTimeout(Duration.ofMillis(300));
      assertThatThrownBy(() -> IscsiSession.open(SessionConfig.of("127.0.0.1", silent.getLocalPort(), spec)))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.awaited()).isEqualTo(Awaited.LOGIN_RESPONSE);
            assertThat(e.owingSide()).isEqualTo(Side.TARGET);
            assertThat(e.getMessage())
                .startsWith("no Login Response for Login Request for iqn.2026-11.org.iscsilab:silent after 0.3 s")
                .contains("the target owes a Login Response (RFC 7143 §11.13)")
                .contains("-> Login Request");
          });
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
