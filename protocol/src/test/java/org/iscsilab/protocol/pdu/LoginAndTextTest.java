package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.protocol.pdu.Wire.hex;

import java.util.List;
import org.iscsilab.testfixtures.pdu.GoldenPdus;
import org.junit.jupiter.api.Test;

/** Login and Text Request/Response (RFC 7143 §11.10–§11.13) from iscsi-ls against tgt. */
class LoginAndTextTest {

  private static final List<GoldenPdus.GoldenPdu> DISCOVERY = GoldenPdus.of("libiscsi-tgt-discovery");

  @Test
  void loginRequestHeaderDecodesFieldByField() {
    byte[] wire = DISCOVERY.get(0).wire();
    assertThat(java.util.Arrays.copyOf(wire, 48)).isEqualTo(hex(
        "43", // I=1, opcode 0x03 Login Request
        "87", // T=1 C=0, CSG 1 (operational), NSG 3 (full feature)
        "00", "00", // Version-max 0, Version-min 0
        "00", "00018b", // TotalAHSLength 0, DataSegmentLength 395
        "801f1a7c0000", // ISID: type 2 (random), ...
        "0000", // TSIH 0: a new session
        "0e4ffd5e", // ITT
        "0000", "0000", // CID 0, reserved
        "33304a27", // CmdSN 858802727
        "00000001", // ExpStatSN 1
        "00000000000000000000000000000000")); // reserved
    LoginRequest l = (LoginRequest) Wire.decode(wire);
    assertThat(l.immediate()).isTrue();
    assertThat(l.transit()).isTrue();
    assertThat(l.continueFlag()).isFalse();
    assertThat(l.currentStage()).isEqualTo(Stage.LOGIN_OPERATIONAL_NEGOTIATION);
    assertThat(l.nextStage()).isEqualTo(Stage.FULL_FEATURE_PHASE);
    assertThat(l.isid()).isEqualTo(0x801f1a7c0000L);
    assertThat(l.tsih()).isZero();
    assertThat(l.cid()).isZero();
    assertThat(l.data().asText()).startsWith("InitiatorName=iqn.2007-10.com.github:sahlberg:libiscsi:iscsi-ls\0")
        .contains("SessionType=Discovery\0");
    assertThat(Wire.encode(l)).isEqualTo(wire);
  }

  @Test
  void loginResponseCarriesTheTsihAndTheTargetsKeys() {
    LoginResponse r = (LoginResponse) Wire.decode(DISCOVERY.get(1).wire());
    assertThat(r.status()).isEqualTo(LoginStatus.SUCCESS);
    assertThat(r.tsih()).isEqualTo(0x0100);
    assertThat(r.isid()).isEqualTo(0x801f1a7c0000L);
    assertThat(r.transit()).isTrue();
    assertThat(r.data().asText()).contains("HeaderDigest=None\0", "DataDigest=None\0");
    assertThat(Wire.encode(r)).isEqualTo(DISCOVERY.get(1).wire());
  }

  @Test
  void sendTargetsTextRequestAndItsAnswer() {
    TextRequest q = (TextRequest) Wire.decode(DISCOVERY.get(2).wire());
    assertThat(q.immediate()).isTrue();
    assertThat(q.finalFlag()).isTrue();
    assertThat(q.targetTransferTag()).isEqualTo(Pdu.RESERVED_TAG);
    assertThat(q.data().asText()).isEqualTo("SendTargets=All\0");
    TextResponse a = (TextResponse) Wire.decode(DISCOVERY.get(3).wire());
    assertThat(a.initiatorTaskTag()).isEqualTo(q.initiatorTaskTag());
    assertThat(a.data().asText()).startsWith("TargetName=iqn.2001-04.com.example:tgt1\0TargetAddress=127.0.0.1:3261,1");
    // Immediate: ExpCmdSN does not move (README of the capture).
    assertThat(a.expCmdSN()).isEqualTo(q.cmdSN());
  }
}
