package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.initiator.scsi.Capacity;
import org.iscsilab.protocol.negotiation.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The initiator against Linux tgt on loopback. */
@Timeout(120)
class TgtIT {

  static LocalTgt tgt;

  @BeforeAll
  static void start() {
    tgt = LocalTgt.start(64L << 20);
  }

  @AfterAll
  static void stop() {
    if (tgt != null) {
      tgt.close();
    }
  }

  static SessionConfig config(LoginSpec spec) {
    return SessionConfig.of("127.0.0.1", tgt.port, spec).withTaskTimeout(Duration.ofSeconds(20));
  }

  static LoginSpec normal() {
    return LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, LocalTgt.IQN);
  }

  @Test
  void discoveryListsTheTarget() {
    List<Discovery.DiscoveredTarget> targets = Discovery.sendTargets("127.0.0.1", tgt.port,
        LoginSpec.discovery(LoginSpec.DEFAULT_INITIATOR_NAME), Duration.ofSeconds(10));
    assertThat(targets).extracting(Discovery.DiscoveredTarget::name).contains(LocalTgt.IQN);
  }

  @Test
  void inquiryAndCapacityOfTheDiskLun() {
    try (IscsiSession s = IscsiSession.open(config(normal()))) {
      BlockDevice d = BlockDevice.unprobed(s, LocalTgt.DISK_LUN);
      d.testUnitReady();
      assertThat(d.inquiry().deviceType()).isZero();
      Capacity c = d.readCapacity();
      assertThat(c.bytes()).isEqualTo((64L << 20));
      assertThat(d.readCapacity16().bytes()).isEqualTo((64L << 20));
    }
  }

  @Test
  void writesAndReadsBackSixtyFourMebibytesWithDigestsOff() {
    writeReadVerify(normal());
  }

  @Test
  void writesAndReadsBackWithHeaderAndDataDigests() {
    tgt.adm(true, "--op", "update", "--mode", "target", "--tid", "1", "--name", "HeaderDigest", "--value",
        "CRC32C,None");
    tgt.adm(true, "--op", "update", "--mode", "target", "--tid", "1", "--name", "DataDigest", "--value",
        "CRC32C,None");
    LoginSpec spec = normal().withDigests("CRC32C,None", "CRC32C,None");
    try (IscsiSession s = IscsiSession.open(config(spec))) {
      assertThat(s.negotiated().connection().headerDigest()).isEqualTo(Digest.CRC32C);
      assertThat(s.negotiated().connection().dataDigest()).isEqualTo(Digest.CRC32C);
    }
    writeReadVerify(spec);
  }

  private void writeReadVerify(LoginSpec spec) {
    try (IscsiSession s = IscsiSession.open(config(spec))) {
      BlockDevice d = BlockDevice.open(s, LocalTgt.DISK_LUN);
      byte[] data = new byte[(int) (64L << 20)];
      new Random(42).nextBytes(data);
      d.write(0, data);
      byte[] back = d.read(0, d.blocks());
      assertThat(back).isEqualTo(data);
      assertThat(s.targetViolations()).isEmpty();
    }
  }

  /**
   * Finding (tgt 1.0.x): with its default HeaderDigest=None, tgt answers an offer of only CRC32C
   * with "None" instead of "Reject" (RFC 7143 §6.2.1). The initiator refuses the illegal answer.
   */
  @Test
  void digestOfferTgtCannotMeetIsAnsweredIllegallyAndTheLoginIsAbandoned() {
    try (LocalTgt plain = LocalTgt.start(1L << 20)) {
      LoginSpec spec = LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, LocalTgt.IQN).withDigests("CRC32C", "None");
      assertThatThrownBy(() -> IscsiSession.open(SessionConfig.of("127.0.0.1", plain.port, spec)))
          .isInstanceOf(LoginFailedException.class)
          .hasMessageContaining("answer HeaderDigest=None to the offer HeaderDigest=CRC32C is illegal");
    }
  }

  @Test
  void unknownTargetIsRefusedWithNotFoundSpelledOut() {
    LoginSpec spec = LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, "iqn.2001-04.com.example:nope");
    assertThatThrownBy(() -> IscsiSession.open(config(spec)))
        .isInstanceOf(LoginFailedException.class)
        .hasMessageContaining("login refused: Initiator Error: Not found (0x0203)")
        .hasMessageContaining("iqn.2001-04.com.example:nope does not exist");
  }
}
