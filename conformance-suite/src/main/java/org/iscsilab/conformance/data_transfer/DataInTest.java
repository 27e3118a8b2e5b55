package org.iscsilab.conformance.data_transfer;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.DataIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-In PDUs of a read: segment sizes within the initiator's MaxRecvDataSegmentLength,
 * sequences within MaxBurstLength, DataSN, buffer offsets, F and S bits (RFC 7143 §11.7, §13.12,
 * §13.13). Small limits are negotiated so that a 64 KiB read spans many PDUs and sequences.
 */
@Area(ProtocolArea.DATA_TRANSFER)
class DataInTest {

  private static final int READ_BYTES = 65536;

  @ParameterizedTest(name = "MaxRecvDataSegmentLength={0}")
  @ValueSource(ints = {512, 1024, 4096, 8192})
  @Clause(value = "RFC 7143 §13.12", level = Level.MUST)
  void dataInSegmentsFitTheInitiatorsMaxRecvDataSegmentLength(int maxRecv, ConformanceContext ctx) {
    LoggedInConnection c = Reads.open(ctx, maxRecv, 1048576);
    List<DataIn> dataIns = Reads.readFromStart(c, READ_BYTES).dataIns();
    assertThat(dataIns).as("Data-In PDUs of a 64 KiB read").isNotEmpty();
    List<String> tooLong = dataIns.stream().filter(d -> d.data().length() > maxRecv).map(PduSummary::of).toList();
    assertThat(tooLong).as("Data-In PDUs longer than the MaxRecvDataSegmentLength=%d the initiator declared", maxRecv)
        .isEmpty();
  }

  @ParameterizedTest(name = "MaxBurstLength={0}, MaxRecvDataSegmentLength={1}")
  @CsvSource({"4096, 1024", "8192, 8192", "16384, 4096", "4096, 8192"})
  @Clause(value = "RFC 7143 §13.13", level = Level.MUST)
  void dataInSequencesFitMaxBurstLength(int maxBurst, int maxRecv, ConformanceContext ctx) {
    LoggedInConnection c = Reads.open(ctx, maxRecv, maxBurst);
    int negotiated = c.negotiated().session().maxBurstLength();
    assertThat(negotiated).as("negotiated MaxBurstLength (the lower of both offers, RFC 7143 §13.13)")
        .isLessThanOrEqualTo(maxBurst);
    List<DataIn> dataIns = Reads.readFromStart(c, READ_BYTES).dataIns();
    List<String> sequences = new ArrayList<>();
    long inSequence = 0;
    List<String> tooLong = new ArrayList<>();
    for (DataIn d : dataIns) {
      inSequence += d.data().length();
      if (d.finalFlag()) {
        sequences.add(Long.toString(inSequence));
        if (inSequence > negotiated) {
          tooLong.add(inSequence + " bytes ending with " + PduSummary.of(d));
        }
        inSequence = 0;
      }
    }
    if (inSequence > negotiated) {
      tooLong.add(inSequence + " bytes without an F bit at the end");
    }
    assertThat(tooLong).as("Data-In sequences beyond MaxBurstLength=%d (sequence lengths: %s)", negotiated, sequences)
        .isEmpty();
  }

  @Test
  @Clause(value = "RFC 7143 §11.7.5", level = Level.MUST)
  void dataSNStartsAtZeroAndIncrementsByOne(ConformanceContext ctx) {
    LoggedInConnection c = Reads.open(ctx, 4096, 16384);
    List<DataIn> dataIns = Reads.readFromStart(c, READ_BYTES).dataIns();
    for (int i = 0; i < dataIns.size(); i++) {
      assertThat(Integer.toUnsignedString(dataIns.get(i).dataSN()))
          .as("DataSN of Data-In #%d of the read (%s)", i + 1, PduSummary.of(dataIns.get(i)))
          .isEqualTo(Integer.toString(i));
    }
  }

  @Test
  @Clause(value = "RFC 7143 §13.18", level = Level.MUST)
  void bufferOffsetsIncreaseContiguouslyWhenDataPDUInOrder(ConformanceContext ctx) {
    LoggedInConnection c = Reads.open(ctx, 4096, 16384);
    NotSupported.unless(c.negotiated().session().dataPDUInOrder(), "the target negotiated DataPDUInOrder=No");
    List<DataIn> dataIns = Reads.readFromStart(c, READ_BYTES).dataIns();
    long expected = 0;
    for (DataIn d : dataIns) {
      assertThat(Integer.toUnsignedLong(d.bufferOffset()))
          .as("Buffer Offset of %s with DataPDUInOrder=Yes (continuously increasing addresses)", PduSummary.of(d))
          .isEqualTo(expected);
      expected += d.data().length();
    }
  }

  @Test
  @Clause(value = "RFC 7143 §11.7.1", level = Level.MUST)
  void lastDataInOfTheReadCarriesTheFinalBit(ConformanceContext ctx) {
    LoggedInConnection c = Reads.open(ctx, 4096, 16384);
    List<DataIn> dataIns = Reads.readFromStart(c, READ_BYTES).dataIns();
    DataIn last = dataIns.get(dataIns.size() - 1);
    assertThat(last.finalFlag()).as("F bit of the last Data-In of the read (%s)", PduSummary.of(last)).isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §11.7.3", level = Level.MUST)
  void statusIsOnlySentWithTheFinalBit(ConformanceContext ctx) {
    LoggedInConnection c = Reads.open(ctx, 4096, 16384);
    List<DataIn> dataIns = Reads.readFromStart(c, READ_BYTES).dataIns();
    List<String> bad = dataIns.stream().filter(d -> d.statusPresent() && !d.finalFlag()).map(PduSummary::of).toList();
    assertThat(bad).as("Data-In PDUs with the S bit but without the F bit").isEmpty();
    List<String> early = dataIns.subList(0, dataIns.size() - 1).stream().filter(DataIn::statusPresent)
        .map(PduSummary::of).toList();
    assertThat(early).as("Data-In PDUs with status before the last one").isEmpty();
  }

  @Test
  @Clause(value = "RFC 7143 §11.4.5.2", level = Level.MUST)
  void readOfExactlyTheExpectedLengthHasNoResidual(ConformanceContext ctx) {
    LoggedInConnection c = Reads.open(ctx, 8192, 65536);
    LoggedInConnection.Exchange e = Reads.readFromStart(c, READ_BYTES);
    int edtl = (READ_BYTES / c.blockSize()) * c.blockSize();
    assertThat(e.data().length).as("bytes of Data-In for a READ whose EDTL equals its transfer length").isEqualTo(edtl);
    assertThat(e.underflow() || e.overflow())
        .as("U or O bit on the status of a READ that transferred exactly its EDTL (residual count %s)",
            Integer.toUnsignedString(e.residualCount()))
        .isFalse();
  }
}
