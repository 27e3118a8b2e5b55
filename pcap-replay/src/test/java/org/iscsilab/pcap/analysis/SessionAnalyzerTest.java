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
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
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

  /** The initiator gives up on a READ the target sits on, and the target's abort answer decides the finding. */
  private AnalysisReport readAbortedAfter20sAnswered(TaskManagementResponseCode answer) {
    login("TargetPortalGroupTag=1\0");
    i(read(5, 1, READ16_ZERO, 0));
    i(NopOut.ping(6, 2, 101, DataSegment.EMPTY));
    t(new NopIn(0, 6, Pdu.RESERVED_TAG, 101, 2, 33, DataSegment.EMPTY));
    after(20);
    i(new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK, 0, 7, 5, 2, 102, 1, 0));
    after(0.01);
    t(new TaskManagementResponse(answer, 7, 102, 2, 33));
    return analyzer.finish();
  }

  @Test
  void readAbortedByTheInitiatorAfterWaitingIsReportedWithTheAbort() {
    AnalysisReport r = readAbortedAfter20sAnswered(TaskManagementResponseCode.FUNCTION_COMPLETE);
    assertThat(r.openTasks()).isEmpty();
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rule.TASK_ENDED_BY_ABORT);
      assertThat(f.frameNumber()).isEqualTo(3);
      assertThat(f.message()).contains("READ(16)", "ITT 0x00000005", "in 20.0 s", "CmdSN 1 was consumed",
          "ABORT TASK frame 7", "Function complete in frame 9");
    });
  }

  @Test
  void abortAnsweredTaskDoesNotExistForAConsumedCommandMeansTheTargetLostIt() {
    AnalysisReport r = readAbortedAfter20sAnswered(TaskManagementResponseCode.TASK_DOES_NOT_EXIST);
    assertThat(r.openTasks()).isEmpty();
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rule.TASK_NEVER_ANSWERED);
      assertThat(f.message()).contains("ITT 0x00000005", "CmdSN 1 was consumed", "Task does not exist",
          "the target lost the command");
    });
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

  private static ScsiCommand write(int itt, int cmdSN, int edtl, int immediateBytes) {
    return ScsiCommand.builder().write(true).initiatorTaskTag(itt).cmdSN(cmdSN).expectedDataTransferLength(edtl)
        .cdb(new byte[] {0x2a, 0, 0, 0, 0, 0, 0, 0, (byte) (edtl / 512), 0})
        .data(DataSegment.of(new byte[immediateBytes])).build();
  }

  @Test
  void unsolicitedDataBeyondFirstBurstLengthIsFound() {
    login("TargetPortalGroupTag=1\0InitialR2T=No\0FirstBurstLength=8192\0MaxRecvDataSegmentLength=65536\0");
    i(write(1, 1, 32768, 4096));
    i(new org.iscsilab.protocol.pdu.DataOut(false, 0, 1, Pdu.RESERVED_TAG, 101, 0, 4096,
        DataSegment.of(new byte[8192])));
    assertThat(rules(analyzer.finish())).contains(Rule.UNSOLICITED_DATA_BEYOND_FIRST_BURST);
  }

  @Test
  void unsolicitedDataOutWithInitialR2TYesIsFound() {
    login("TargetPortalGroupTag=1\0InitialR2T=Yes\0MaxRecvDataSegmentLength=65536\0");
    i(write(1, 1, 8192, 0));
    i(new org.iscsilab.protocol.pdu.DataOut(true, 0, 1, Pdu.RESERVED_TAG, 101, 0, 0, DataSegment.of(new byte[4096])));
    assertThat(rules(analyzer.finish())).contains(Rule.UNSOLICITED_DATA_NOT_ALLOWED);
  }

  @Test
  void dataOutOutsideItsR2TAndTooManyOutstandingR2TsAreFound() {
    login("TargetPortalGroupTag=1\0MaxOutstandingR2T=1\0MaxRecvDataSegmentLength=65536\0");
    i(write(1, 1, 16384, 0));
    t(new org.iscsilab.protocol.pdu.ReadyToTransfer(0, 1, 0x10, 101, 2, 33, 0, 0, 8192));
    t(new org.iscsilab.protocol.pdu.ReadyToTransfer(0, 1, 0x11, 101, 2, 33, 1, 8192, 8192));
    i(new org.iscsilab.protocol.pdu.DataOut(true, 0, 1, 0x10, 101, 0, 4096, DataSegment.of(new byte[8192])));
    assertThat(rules(analyzer.finish())).contains(Rule.R2T_BEYOND_MAX_OUTSTANDING, Rule.DATA_OUT_BEYOND_R2T);
  }

  @Test
  void writeWaitingForDataOutSaysTheInitiatorOwesIt() {
    login("TargetPortalGroupTag=1\0MaxRecvDataSegmentLength=65536\0");
    i(write(1, 1, 8192, 0));
    t(new org.iscsilab.protocol.pdu.ReadyToTransfer(0, 1, 0x10, 101, 2, 33, 0, 0, 8192));
    after(30);
    AnalysisReport r = analyzer.finish();
    assertThat(r.openTasks()).singleElement().satisfies(o -> {
      assertThat(o.owes()).isEqualTo(Side.INITIATOR);
      assertThat(o.owedPdu()).startsWith("Data-Out for the R2T of frame 4");
    });
    assertThat(rules(r)).doesNotContain(Rule.TASK_NEVER_ANSWERED);
  }

  @Test
  void dataInLongerThanTheInitiatorsMaxRecvAndOutOfOrderAreFound() {
    login("TargetPortalGroupTag=1\0");
    i(read(1, 1, READ10_8, 32768));
    t(DataIn.builder().finalFlag(false).initiatorTaskTag(1).dataSN(0).bufferOffset(0).expCmdSN(2).maxCmdSN(33)
        .data(DataSegment.of(new byte[16384])).build());
    t(DataIn.builder().initiatorTaskTag(1).dataSN(1).bufferOffset(20000).expCmdSN(2).maxCmdSN(33)
        .data(DataSegment.of(new byte[4096])).statusPresent(true).statSN(101).build());
    // The initiator declared MaxRecvDataSegmentLength=8192 in login().
    assertThat(rules(analyzer.finish())).contains(Rule.DATA_IN_BEYOND_MAX_RECV_DSL, Rule.DATA_IN_OUT_OF_ORDER);
  }

  @Test
  void underflowWithoutTheUBitIsFound() {
    login("TargetPortalGroupTag=1\0");
    i(read(1, 1, READ10_8, 8192));
    t(DataIn.builder().initiatorTaskTag(1).statusPresent(true).statSN(101).expCmdSN(2).maxCmdSN(33)
        .data(DataSegment.of(new byte[4096])).build());
    assertThat(rules(analyzer.finish())).containsExactly(Rule.RESIDUAL_MISMATCH);
  }

  @Test
  void expCmdSNMovingBackwardsIsFound() {
    login("TargetPortalGroupTag=1\0");
    i(read(1, 1, SYNC10, 0));
    t(ScsiResponse.builder().initiatorTaskTag(1).statSN(101).expCmdSN(2).maxCmdSN(33).build());
    t(new NopIn(0, Pdu.RESERVED_TAG, Pdu.RESERVED_TAG, 102, 1, 33, DataSegment.EMPTY));
    assertThat(rules(analyzer.finish())).containsExactly(Rule.WINDOW_MOVED_BACKWARDS);
  }

  @Test
  void refusedLoginAndRejectAndUnknownTaskAreReported() {
    i(LoginRequest.builder().data(DataSegment.ofText("InitiatorName=iqn.x:i\0TargetName=iqn.x:nope\0")).build());
    t(LoginResponse.builder().status(org.iscsilab.protocol.pdu.LoginStatus.NOT_FOUND).build());
    assertThat(rules(analyzer.finish())).containsExactly(Rule.LOGIN_REFUSED);
  }

  @Test
  void rejectOfACommandEndsItsTaskAndIsReported() {
    login("TargetPortalGroupTag=1\0");
    ScsiCommand cmd = read(7, 1, READ10_8, 4096);
    i(cmd);
    t(org.iscsilab.protocol.pdu.Reject.of(org.iscsilab.protocol.pdu.RejectReason.INVALID_PDU_FIELD, cmd.bhs(), 101, 2,
        33));
    t(ScsiResponse.builder().initiatorTaskTag(0x99).statSN(102).expCmdSN(2).maxCmdSN(33).build());
    AnalysisReport r = analyzer.finish();
    assertThat(rules(r)).containsExactly(Rule.REJECT_RECEIVED, Rule.RESPONSE_FOR_UNKNOWN_TASK);
    assertThat(r.findings().get(0).message()).contains("SCSI Command", "Invalid PDU field");
    assertThat(r.openTasks()).isEmpty();
  }

  @Test
  void gapsAndDigestErrorsBecomeFindings() {
    login("TargetPortalGroupTag=1\0");
    analyzer.streamGap(CONN, Direction.TARGET_TO_INITIATOR, 9, 0, 1448);
    analyzer.digestError(CONN, Direction.INITIATOR_TO_TARGET, 10, 0, "data digest error: received 0x0, computed 0x1");
    assertThat(rules(analyzer.finish())).containsExactly(Rule.STREAM_GAP, Rule.DIGEST_ERROR);
  }

  @Test
  void findingsBeyondTheCapAreCountedNotKept() {
    login("TargetPortalGroupTag=1\0");
    for (int k = 0; k < SessionAnalyzer.FINDINGS_KEPT_PER_RULE + 50; k++) {
      analyzer.streamGap(CONN, Direction.TARGET_TO_INITIATOR, 10 + k, 0, 1);
    }
    AnalysisReport r = analyzer.finish();
    assertThat(r.findings()).hasSize(SessionAnalyzer.FINDINGS_KEPT_PER_RULE);
    assertThat(r.findingCounts()).containsEntry(Rule.STREAM_GAP, (long) SessionAnalyzer.FINDINGS_KEPT_PER_RULE + 50);
  }
}
