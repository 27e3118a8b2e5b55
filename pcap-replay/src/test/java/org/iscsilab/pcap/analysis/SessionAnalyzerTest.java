package org.iscsilab.pcap.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.pdu.TextResponse;
import org.junit.jupiter.api.Test;

/** The analyser on hand-made conversations: one per rule, plus a clean one with no findings. */
class SessionAnalyzerTest {

  private static final ConnectionId CONN = new ConnectionId("127.0.0.1", 40000, "127.0.0.1", 3260);
  private static final byte[] READ16_ZERO = {(byte) 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final byte[] READ10_8 = {0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0};
  private static final byte[] SYNC10 = {0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  private final SessionAnalyzer analyzer = new SessionAnalyzer();
  private long frame;
  private long nanos;

  private void i(Pdu p) {
    analyzer.accept(new PduEvent(CONN, Direction.INITIATOR_TO_TARGET, ++frame, nanos, p));
  }

  private void t(Pdu p) {
    analyzer.accept(new PduEvent(CONN, Direction.TARGET_TO_INITIATOR, ++frame, nanos, p));
  }

  /** Time passes; a packet (say a TCP ACK) at the new time keeps the capture going. */
  private void after(double seconds) {
    nanos += (long) (seconds * 1e9);
    analyzer.packetSeen(++frame, nanos);
  }

  /** A normal-session login in one step; CmdSN starts at 1, StatSN at 100. */
  private void login(String targetKeys) {
    i(LoginRequest.builder().stages(Stage.LOGIN_OPERATIONAL_NEGOTIATION, Stage.FULL_FEATURE_PHASE).cmdSN(1)
        .data(DataSegment.ofText("InitiatorName=iqn.2026-11.test:i\0TargetName=iqn.2026-11.test:t\0"
            + "SessionType=Normal\0MaxRecvDataSegmentLength=8192\0"))
        .build());
    t(LoginResponse.builder().currentStage(Stage.LOGIN_OPERATIONAL_NEGOTIATION)
        .nextStage(Stage.FULL_FEATURE_PHASE).transit(true).tsih(1).statSN(100).expCmdSN(1).maxCmdSN(32)
        .data(DataSegment.ofText(targetKeys)).build());
  }

  private static ScsiCommand read(int itt, int cmdSN, byte[] cdb, int edtl) {
    return ScsiCommand.builder().read(edtl > 0).initiatorTaskTag(itt).cmdSN(cmdSN).expectedDataTransferLength(edtl)
        .cdb(cdb).build();
  }

  private List<Rule> rules(AnalysisReport r) {
    return r.findings().stream().map(Finding::rule).toList();
  }

  @Test
  void cleanReadHasNoFindingsAndMeasuresLatency() {
    login("TargetPortalGroupTag=1\0MaxRecvDataSegmentLength=65536\0");
    i(read(1, 1, READ10_8, 4096));
    after(0.002);
    t(DataIn.builder().initiatorTaskTag(1).statusPresent(true).statSN(101).expCmdSN(2).maxCmdSN(33)
        .data(DataSegment.of(new byte[4096])).build());
    AnalysisReport r = analyzer.finish();
    assertThat(r.findings()).isEmpty();
    assertThat(r.openTasks()).isEmpty();
    assertThat(r.tasksCompleted()).isEqualTo(1);
    assertThat(r.latencyByScsiOpcode()).containsKey("READ(10)");
    assertThat(r.latencyByScsiOpcode().get("READ(10)").p50Millis()).isBetween(1.8, 2.2);
    assertThat(r.sessions()).singleElement().satisfies(s -> {
      assertThat(s.targetName()).isEqualTo("iqn.2026-11.test:t");
      assertThat(s.negotiated()).containsEntry("TargetPortalGroupTag", "1");
    });
  }

  @Test
  void zeroLengthReadAcceptedAndNeverAnsweredIsAHangTheTargetOwes() {
    login("TargetPortalGroupTag=1\0");
    i(read(5, 1, READ16_ZERO, 0));
    // The target acknowledges the CmdSN (a NOP-In answering a ping), but never answers the READ.
    i(NopOut.ping(6, 2, 101, DataSegment.EMPTY));
    t(new NopIn(0, 6, Pdu.RESERVED_TAG, 101, 2, 33, DataSegment.EMPTY));
    after(20);
    AnalysisReport r = analyzer.finish();
    assertThat(r.openTasks()).singleElement().satisfies(o -> {
      assertThat(o.initiatorTaskTag()).isEqualTo(5);
      assertThat(o.command()).startsWith("READ(16)");
      assertThat(o.cmdSNConsumed()).isTrue();
      assertThat(o.owes()).isEqualTo(Side.TARGET);
      assertThat(o.owedPdu()).isEqualTo("a SCSI Response");
      assertThat(o.waitedNanos()).isEqualTo(20_000_000_000L);
      assertThat(o.diagnosis()).contains("ITT 0x00000005", "after 20.0 s", "CmdSN 1 was consumed");
    });
    assertThat(rules(r)).containsExactly(Rule.TASK_NEVER_ANSWERED);
  }

  @Test
  void immediateCommandThatAdvancesExpCmdSNIsFound() {
    login("TargetPortalGroupTag=1\0");
    // An immediate TEST UNIT READY carries CmdSN 1 without consuming it; the target moves ExpCmdSN to 2.
    i(ScsiCommand.builder().immediate(true).initiatorTaskTag(1).cmdSN(1).cdb(new byte[6]).build());
    t(ScsiResponse.builder().initiatorTaskTag(1).statSN(101).expCmdSN(2).maxCmdSN(33).build());
    AnalysisReport r = analyzer.finish();
    assertThat(rules(r)).containsExactly(Rule.IMMEDIATE_ADVANCED_EXPCMDSN);
    assertThat(r.findings().get(0).message()).contains("from 1 to 2", "frame 3");
  }

  @Test
  void immediateTextRequestThatLeavesExpCmdSNAloneIsClean() {
    login("TargetPortalGroupTag=1\0");
    i(new TextRequest(true, true, false, 0, 1, Pdu.RESERVED_TAG, 1, 101, DataSegment.ofText("SendTargets=All\0")));
    t(new TextResponse(true, false, 0, 1, Pdu.RESERVED_TAG, 101, 1, 33, DataSegment.ofText("TargetName=x\0")));
    assertThat(analyzer.finish().findings()).isEmpty();
  }

  @Test
  void checkConditionWithoutSenseDataIsFound() {
    login("TargetPortalGroupTag=1\0");
    i(read(1, 1, READ10_8, 4096));
    t(ScsiResponse.builder().initiatorTaskTag(1).status(0x02).statSN(101).expCmdSN(2).maxCmdSN(33).build());
    AnalysisReport r = analyzer.finish();
    assertThat(rules(r)).contains(Rule.CHECK_CONDITION_WITHOUT_SENSE);
    assertThat(r.findings().get(0).clause()).contains("RFC 7143 §11.4.7.2");
  }

  @Test
  void statSNThatJumpsIsFound() {
    login("TargetPortalGroupTag=1\0");
    i(read(1, 1, SYNC10, 0));
    t(ScsiResponse.builder().initiatorTaskTag(1).statSN(105).expCmdSN(2).maxCmdSN(33).build());
    assertThat(rules(analyzer.finish())).containsExactly(Rule.STATSN_NOT_INCREMENTING);
  }

  @Test
  void dataSNGapAndBurstBeyondMaxBurstLengthAreFound() {
    login("TargetPortalGroupTag=1\0MaxBurstLength=8192\0");
    i(read(1, 1, READ10_8, 16384));
    t(DataIn.builder().finalFlag(false).initiatorTaskTag(1).dataSN(0).bufferOffset(0).expCmdSN(2).maxCmdSN(33)
        .data(DataSegment.of(new byte[8192])).build());
    t(DataIn.builder().finalFlag(true).initiatorTaskTag(1).dataSN(2).bufferOffset(8192).expCmdSN(2).maxCmdSN(33)
        .data(DataSegment.of(new byte[8192])).statusPresent(true).statSN(101).build());
    assertThat(rules(analyzer.finish())).contains(Rule.DATASN_GAP, Rule.DATA_IN_BEYOND_MAX_BURST);
  }

  @Test
  void nopInPingNeverAnsweredIsFound() {
    login("TargetPortalGroupTag=1\0");
    t(new NopIn(0, Pdu.RESERVED_TAG, 0x77, 101, 1, 33, DataSegment.EMPTY));
    after(5);
    analyzer.connectionClosed(CONN, ++frame, nanos, "RST");
    AnalysisReport r = analyzer.finish();
    assertThat(rules(r)).containsExactly(Rule.NOP_IN_UNANSWERED);
    assertThat(r.findings().get(0).message()).contains("TTT 0x00000077", "5.0 s", "RST");
  }

  @Test
  void nopOutAnswerWithoutTheLunIsFound() {
    login("TargetPortalGroupTag=1\0");
    t(new NopIn(0x0001000000000000L, Pdu.RESERVED_TAG, 0x77, 101, 1, 33, DataSegment.EMPTY));
    i(new NopOut(true, 0, Pdu.RESERVED_TAG, 0x77, 1, 101, DataSegment.EMPTY));
    assertThat(rules(analyzer.finish())).containsExactly(Rule.NOP_OUT_ANSWER_WRONG_LUN);
  }

  @Test
  void missingTargetPortalGroupTagIsFound() {
    login("MaxRecvDataSegmentLength=8192\0");
    assertThat(rules(analyzer.finish())).containsExactly(Rule.TPGT_MISSING);
  }

  @Test
  void commandOutsideTheWindowIsBlamedOnTheInitiatorAndNotCalledAHang() {
    login("TargetPortalGroupTag=1\0");
    i(read(1, 1000, READ10_8, 4096));
    after(3);
    AnalysisReport r = analyzer.finish();
    assertThat(rules(r)).containsExactly(Rule.COMMAND_OUTSIDE_WINDOW);
    assertThat(r.openTasks()).singleElement()
        .satisfies(o -> {
          assertThat(o.diagnosis()).contains("outside the command window [1, 32]");
          assertThat(o.owes()).isEqualTo(Side.INITIATOR);
        });
  }
}
