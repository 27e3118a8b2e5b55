package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.SynchronizeCache;
import org.iscsilab.target.quirk.Quirks;
import org.junit.jupiter.api.Test;

/** Each quirk misbehaves on the wire exactly as documented. */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class QuirkTest {

  /** Sends {@code c} then a NOP-Out: in-order processing means the NOP-In proves {@code c} got no answer. */
  private static void assertNeverAnswered(TestInitiator i, ScsiCommand c) {
    i.send(c);
    i.send(new NopOut(true, 0, 0x4242, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.EMPTY));
    Pdu p = i.receive();
    assertThat(p).as("nothing for ITT %d before the NOP-In", c.initiatorTaskTag()).isInstanceOf(NopIn.class);
    assertThat(((NopIn) p).expCmdSN()).as("its CmdSN was consumed").isEqualTo(c.cmdSN() + 1);
  }

  @Test
  void syncCacheNeverAnsweredConsumesCmdSNAndSendsNothing() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("sync-cache-never-answered")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      assertNeverAnswered(i, i.command(SynchronizeCache.wholeMedium(10, false).toBytes()).build());
    }
  }

  @Test
  void checkConditionWithoutSenseSendsAnEmptyDataSegment() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("check-condition-without-sense")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      TestInitiator.Result r = i.read(TargetFixture.read10(1 << 20, 1), 512);
      assertThat(r.status()).isEqualTo(0x02);
      assertThat(r.response().data().isEmpty()).isTrue();
    }
  }

  @Test
  void immediateCommandAdvancesExpCmdSN() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("immediate-advances-expcmdsn")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      int exp = i.cmdSN;
      i.send(ScsiCommand.builder().immediate(true).cdb(new byte[6]).initiatorTaskTag(7).cmdSN(exp).build());
      ScsiResponse r = i.receive(ScsiResponse.class);
      assertThat(r.expCmdSN()).as("RFC 7143 §4.2.2.1 says %d", exp).isEqualTo(exp + 1);
    }
  }

  @Test
  void zeroLengthReadNeverAnswered() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("zero-length-read-never-answered")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      assertNeverAnswered(i, i.command(Read.of16(0, 0).toBytes()).build());
    }
  }

  @Test
  void targetPortalGroupTagMissingFromTheFirstLoginResponse() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("no-target-portal-group-tag")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      Map<String, String> kv = new LinkedHashMap<>();
      kv.put("InitiatorName", TestInitiator.NAME);
      kv.put("TargetName", IscsiTarget.DEFAULT_IQN);
      kv.put("AuthMethod", "None");
      LoginResponse r = i.loginStep(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, true, kv);
      assertThat(TestInitiator.parse(r.data())).doesNotContainKey("TargetPortalGroupTag");
    }
  }

  @Test
  void writesLargerThanTheLimitGetNoR2TAndNoStatus() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("ignore-writes-larger-than=64KiB")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes"));
      assertNeverAnswered(i, i.command(TargetFixture.write10(0, 256)).write(true)
          .expectedDataTransferLength(131072).build());
    }
  }

  @Test
  void unknownQuirksAndMissingArgumentsAreNamed() {
    assertThatThrownBy(() -> Quirks.create("no-such-quirk")).hasMessageContaining("no-such-quirk");
    assertThatThrownBy(() -> Quirks.create("ignore-writes-larger-than")).hasMessageContaining("BYTES");
    assertThat(Quirks.describe()).contains("sync-cache-never-answered").contains("check-condition-without-sense")
        .contains("immediate-advances-expcmdsn");
  }

  @Test
  void digestInDiscoveryPicksCrc32cEvenWhenNoneComesFirst() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("digest-in-discovery")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      TestInitiator.Login l = new TestInitiator.Login().op("HeaderDigest", "None,CRC32C");
      l.discovery = true;
      assertThat(i.login(l).status().isSuccess()).isTrue();
      assertThat(i.negotiated).containsEntry("HeaderDigest", "CRC32C");
    }
  }

  @Test
  void chapAlgorithmListIsRefused() {
    try (IscsiTarget t = TargetFixture.builder().chap("alice", "alice-secret-123")
        .quirk(Quirks.create("refuse-chap-algorithm-list")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      TestInitiator.Login l = new TestInitiator.Login();
      l.chap = org.iscsilab.protocol.auth.ChapCredentials.of("alice", "alice-secret-123");
      l.chapAlgorithms = java.util.List.of(org.iscsilab.protocol.auth.ChapAlgorithm.SHA256,
          org.iscsilab.protocol.auth.ChapAlgorithm.MD5);
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> i.login(l))).isNotNull();
    }
  }

  @Test
  void theReferenceTargetRefusesARepeatedInitiatorName() {
    try (IscsiTarget t = TargetFixture.builder().start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      Map<String, String> kv = new LinkedHashMap<>();
      kv.put("InitiatorName", TestInitiator.NAME);
      kv.put("TargetName", IscsiTarget.DEFAULT_IQN);
      kv.put("AuthMethod", "None");
      i.loginStep(Stage.SECURITY_NEGOTIATION, Stage.SECURITY_NEGOTIATION, false, kv);
      Map<String, String> again = new LinkedHashMap<>();
      again.put("InitiatorName", TestInitiator.NAME);
      LoginResponse r = i.loginStep(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, true, again);
      assertThat(r.status().statusClass()).isEqualTo(2);
    }
  }

  @Test
  void tolerateRepeatedKeysAcceptsAnIdenticalRepeat() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("tolerate-repeated-keys")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      Map<String, String> kv = new LinkedHashMap<>();
      kv.put("InitiatorName", TestInitiator.NAME);
      kv.put("TargetName", IscsiTarget.DEFAULT_IQN);
      kv.put("AuthMethod", "None");
      i.loginStep(Stage.SECURITY_NEGOTIATION, Stage.SECURITY_NEGOTIATION, false, kv);
      Map<String, String> again = new LinkedHashMap<>();
      again.put("InitiatorName", TestInitiator.NAME);
      LoginResponse r = i.loginStep(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, true, again);
      assertThat(r.status().isSuccess()).isTrue();
    }
  }

  @Test
  void nopInDropAfterClosesAConnectionThatIgnoresThePing() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("nop-in-drop-after=0.3")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      NopIn ping = i.receive(NopIn.class);
      assertThat(ping.targetTransferTag()).isNotEqualTo(Pdu.RESERVED_TAG);
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
    }
  }

  @Test
  void sessionTypeRequiredRefusesALoginThatLeavesItOut() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("session-type-required")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      assertThat(i.login().status()).isEqualTo(org.iscsilab.protocol.pdu.LoginStatus.NOT_FOUND);
    }
  }

  @Test
  void abortTaskNeverAnswered() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("abort-task-never-answered")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      i.send(new org.iscsilab.protocol.pdu.TaskManagementRequest(true,
          org.iscsilab.protocol.pdu.TaskManagementFunction.ABORT_TASK, 0, 0x51, 0x50, i.cmdSN, i.expStatSN, i.cmdSN, 0));
      i.send(new NopOut(true, 0, 0x4343, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.EMPTY));
      assertThat(i.receive()).isInstanceOf(NopIn.class);
    }
  }

  @Test
  void dataInIgnoresTheInitiatorsMaxRecvDataSegmentLength() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("data-in-ignores-limits")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("MaxRecvDataSegmentLength", "8192"));
      // Our side must accept what the quirk sends to see it at all.
      org.iscsilab.protocol.codec.FramingState.of(i.channel).inbound(
          new org.iscsilab.protocol.codec.FramingLimits(false, false, 1 << 20));
      TestInitiator.Result r = i.read(TargetFixture.read10(0, 128), 65536);
      assertThat(r.dataIns()).hasSize(1);
      assertThat(r.dataIns().get(0).data().length()).as("beyond the declared 8192").isEqualTo(65536);
    }
  }

  @Test
  void nopOutNeverAnswered() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("nop-out-never-answered")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      i.send(new NopOut(true, 0, 0x61, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.EMPTY));
      ScsiCommand tur = i.command(new byte[6]).build();
      i.send(tur);
      assertThat(i.receive()).as("the TUR's status comes first: the ping got nothing")
          .isInstanceOf(ScsiResponse.class);
    }
  }

  @Test
  void statSNAdvancesOnR2TsToo() {
    try (IscsiTarget t = TargetFixture.builder().quirk(Quirks.create("statsn-advanced-on-every-pdu")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "No"));
      ScsiCommand w = i.command(TargetFixture.write10(0, 1)).write(true).expectedDataTransferLength(512).build();
      i.send(w);
      org.iscsilab.protocol.pdu.ReadyToTransfer r2t = i.receive(org.iscsilab.protocol.pdu.ReadyToTransfer.class);
      i.send(new org.iscsilab.protocol.pdu.DataOut(true, 0, w.initiatorTaskTag(), r2t.targetTransferTag(),
          i.expStatSN, 0, 0, DataSegment.of(new byte[512])));
      ScsiResponse r = i.receive(ScsiResponse.class);
      assertThat(r.statSN()).as("the R2T consumed a StatSN; RFC 7143 §11.8 says it must not").isEqualTo(r2t.statSN() + 1);
    }
  }
}
