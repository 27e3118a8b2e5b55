package org.iscsilab.conformance.data_transfer;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * READ and WRITE with a transfer length of zero (EDTL 0): "no logical blocks shall be
 * transferred. This condition shall not be considered an error." The command completes with GOOD
 * and moves no data — istgt accepts a zero-length READ(16) and never answers it (captured hang).
 * A WRITE of zero blocks writes nothing, so it is not tagged destructive.
 */
@Area(ProtocolArea.DATA_TRANSFER)
class ZeroLengthTransferTest {

  private static byte[] cdb(int opcode) {
    return switch (opcode) {
      case 0x28, 0x2A -> new byte[] {(byte) opcode, 0, 0, 0, 0, 0, 0, 0, 0, 0};
      case 0xA8, 0xAA -> new byte[] {(byte) opcode, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
      default -> {
        byte[] c = new byte[16];
        c[0] = (byte) opcode;
        yield c;
      }
    };
  }

  private static String name(int opcode) {
    return switch (opcode) {
      case 0x28 -> "READ(10)";
      case 0xA8 -> "READ(12)";
      case 0x88 -> "READ(16)";
      case 0x2A -> "WRITE(10)";
      case 0xAA -> "WRITE(12)";
      default -> "WRITE(16)";
    };
  }

  @ParameterizedTest(name = "{arguments}")
  @ValueSource(ints = {0x28, 0xA8, 0x88})
  @Clause(value = "SBC-3 §5.13", level = Level.MUST)
  void zeroLengthReadCompletesWithGood(int opcode, ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.clearUnitAttentions();
    LoggedInConnection.Exchange e = c.run(cdb(opcode), 0);
    assertThat(e.describe()).as("outcome of %s LBA 0, 0 blocks, EDTL 0 (answered within the response timeout)",
        name(opcode)).isEqualTo("status 0x00");
    List<String> data = e.dataIns().stream().filter(d -> d.data().length() > 0).map(PduSummary::of).toList();
    assertThat(data).as("Data-In with data for a read of zero blocks").isEmpty();
  }

  @ParameterizedTest(name = "{arguments}")
  @ValueSource(ints = {0x2A, 0x8A})
  @Clause(value = "SBC-3 §5.35", level = Level.MUST)
  void zeroLengthWriteCompletesWithGoodWithoutR2T(int opcode, ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.clearUnitAttentions();
    int itt = c.itt();
    var cmd = c.command(cdb(opcode), itt).write(true).expectedDataTransferLength(0).build();
    c.send(cmd);
    LoggedInConnection.Exchange e = c.collect(cmd, itt);
    List<String> r2ts = e.pdus().stream().filter(ReadyToTransfer.class::isInstance).map(PduSummary::of).toList();
    assertThat(r2ts).as("R2Ts for a %s of zero blocks with EDTL 0", name(opcode)).isEmpty();
    assertThat(e.describe()).as("outcome of %s LBA 0, 0 blocks, EDTL 0", name(opcode)).isEqualTo("status 0x00");
  }

}
