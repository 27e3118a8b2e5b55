package org.iscsilab.conformance.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.login.LoginFlow;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.text.KeyValue;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The initiator's declared MaxRecvDataSegmentLength binds what the target sends (RFC 7143 §13.12). */
@Area(ProtocolArea.NEGOTIATION)
class NegotiationDataSegmentTest {

  private static final int DECLARED = 512;

  /** A read command's outcome: its status, the data and the largest data segment seen. */
  private record Read(int status, byte[] data, int largestSegment, int pdus) {}

  private static final class Commands {
    final LoginFlow.LoggedIn s;
    final long lun;
    int cmdSN;
    int expStatSN;
    int itt = 0x100;

    Commands(LoginFlow.LoggedIn s, int lun) {
      this.s = s;
      this.lun = lun < 256 ? ((long) lun) << 48 : ((0x4000L | lun) << 48);
      this.cmdSN = s.cmdSN();
      this.expStatSN = s.expStatSN();
    }

    /** Sends a read CDB; a CHECK CONDITION (a unit attention after login) is retried twice. */
    Read read(byte[] cdb, int length) throws IOException {
      Read r = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        r = once(cdb, length);
        if (r.status() != 0x02) {
          return r;
        }
      }
      return r;
    }

    private Read once(byte[] cdb, int length) throws IOException {
      int tag = itt++;
      s.connection().send(ScsiCommand.builder().read(true).finalFlag(true).lun(lun).initiatorTaskTag(tag)
          .expectedDataTransferLength(length).cmdSN(cmdSN++).expStatSN(expStatSN).cdb(cdb).build());
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      int largest = 0;
      int pdus = 0;
      while (true) {
        Pdu p = s.connection().receive();
        if (p instanceof DataIn d) {
          byte[] b = d.data().toByteArray();
          largest = Math.max(largest, b.length);
          pdus++;
          data.write(b, 0, b.length);
          if (d.statusPresent()) {
            expStatSN = d.statSN() + 1;
            return new Read(d.status(), data.toByteArray(), largest, pdus);
          }
        } else if (p instanceof ScsiResponse r) {
          expStatSN = r.statSN() + 1;
          largest = Math.max(largest, r.data().length());
          return new Read(r.status(), data.toByteArray(), largest, pdus);
        } else {
          throw new AssertionFailedError("expected SCSI Data-In or SCSI Response for the read, the target sent "
              + p.opcode());
        }
      }
    }
  }

  @Test
  @Clause(value = "RFC 7143 §13.12", level = Level.MUST)
  void dataInSegmentsRespectTheInitiatorsMaxRecvDataSegmentLength(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = LoginFlow.normal(ctx, List.of(KeyValue.of("MaxRecvDataSegmentLength",
        Integer.toString(DECLARED))));
    Commands c = new Commands(s, ctx.target().lun());
    Read capacity = c.read(new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8); // READ CAPACITY(10)
    NotSupported.unless(capacity.status() == 0 && capacity.data().length == 8,
        "READ CAPACITY(10) of LUN " + ctx.target().lun() + " did not succeed (status 0x"
            + Integer.toHexString(capacity.status()) + "); no block size to read with");
    int blockSize = ByteBuffer.wrap(capacity.data()).getInt(4);
    NotSupported.unless(blockSize > 0 && blockSize <= 65536, "block size " + blockSize);
    int blocks = Math.max(2, 8192 / blockSize);
    byte[] read10 = {0x28, 0, 0, 0, 0, 0, 0, (byte) (blocks >> 8), (byte) blocks, 0};
    Read r = c.read(read10, blocks * blockSize);
    NotSupported.unless(r.status() == 0, "READ(10) of " + blocks + " blocks at LBA 0 ended with status 0x"
        + Integer.toHexString(r.status()));
    // "...the maximum data segment length in bytes it can receive in an iSCSI PDU."
    assertThat(r.largestSegment()).withFailMessage("sent a %d-byte data segment in the Data-In of a %d-byte READ "
        + "after the initiator declared MaxRecvDataSegmentLength=%d", r.largestSegment(), blocks * blockSize,
        DECLARED).isLessThanOrEqualTo(DECLARED);
    assertThat(r.data()).withFailMessage("the READ of %d bytes brought %d bytes in %d Data-In PDUs",
        blocks * blockSize, r.data().length, r.pdus()).hasSize(blocks * blockSize);
  }
}
