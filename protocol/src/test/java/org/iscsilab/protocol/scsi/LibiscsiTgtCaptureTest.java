package org.iscsilab.protocol.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iscsilab.protocol.scsi.block.ReadCapacity10Data;
import org.iscsilab.protocol.scsi.block.ReadCapacity16Data;
import org.iscsilab.protocol.scsi.cdb.Cdb;
import org.iscsilab.protocol.scsi.cdb.Inquiry;
import org.iscsilab.protocol.scsi.cdb.InvalidCdbException;
import org.iscsilab.protocol.scsi.cdb.ModeSense;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveIn;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity10;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity16;
import org.iscsilab.protocol.scsi.cdb.ReportSupportedOperationCodes;
import org.iscsilab.protocol.scsi.cdb.SupportedOperationCodesData;
import org.iscsilab.protocol.scsi.cdb.UnknownCdb;
import org.iscsilab.protocol.scsi.inquiry.StandardInquiryData;
import org.iscsilab.protocol.scsi.inquiry.VpdPage;
import org.iscsilab.protocol.scsi.mode.ModeParameterList;
import org.iscsilab.protocol.scsi.pr.ReadKeysData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every SCSI command and answer of {@code captures/libiscsi-tgt-mixed.pcap} (libiscsi 1.19
 * against tgt 1.0.85) through this model. The capture is read with a minimal classic-pcap,
 * Ethernet/IPv4/TCP reader that concatenates each direction's payload; the iSCSI framing here is
 * only what a SCSI-level golden test needs (no digests were negotiated in the capture).
 */
class LibiscsiTgtCaptureTest {

    /** A SCSI task seen in the capture. */
    private record Task(byte[] cdb, ByteArrayOutputStream dataIn, int[] status, byte[][] responseData) {}

    private static List<Task> tasks;

    @BeforeAll
    static void readCapture() throws IOException {
        tasks = read("/captures/libiscsi-tgt-mixed.pcap", 3261);
    }

    /** The SCSI tasks of a capture whose target listens on {@code port}. */
    static List<Task> read(String resource, int port) throws IOException {
        List<Task> found = new ArrayList<>();
        Map<String, ByteArrayOutputStream> streams = new LinkedHashMap<>();
        try (InputStream in = LibiscsiTgtCaptureTest.class.getResourceAsStream(resource)) {
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes());
            ByteOrder order = b.getInt(0) == 0xA1B2C3D4 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            b.order(order).position(24);
            while (b.remaining() >= 16) {
                b.position(b.position() + 8);
                int incl = b.getInt();
                b.getInt();
                int start = b.position();
                byte[] frame = new byte[incl];
                b.get(frame);
                b.order(order);
                tcpPayload(frame, port, streams);
                b.position(start + incl);
            }
        }
        Map<String, Task> byItt = new HashMap<>();
        for (Map.Entry<String, ByteArrayOutputStream> e : streams.entrySet()) {
            byte[] s = e.getValue().toByteArray();
            boolean fromTarget = e.getKey().startsWith(port + ">");
            String conn = fromTarget ? e.getKey().substring(e.getKey().indexOf('>') + 1) : e.getKey().split(">")[0];
            for (int off = 0; off + 48 <= s.length;) {
                int opcode = s[off] & 0x3F;
                int ahs = (s[off + 4] & 0xFF) * 4;
                int dsl = ScsiBytes.u24(s, off + 5);
                String key = conn + "/" + ScsiBytes.u32(s, off + 16);
                int data = off + 48 + ahs;
                if (opcode == 0x01) {
                    Task t = new Task(java.util.Arrays.copyOfRange(s, off + 32, off + 48), new ByteArrayOutputStream(),
                            new int[] {-1}, new byte[1][]);
                    byItt.put(key, t);
                    found.add(t);
                } else if (opcode == 0x25 && byItt.containsKey(key)) {
                    Task t = byItt.get(key);
                    t.dataIn().write(s, data, Math.min(dsl, s.length - data));
                    if ((s[off + 1] & 0x01) != 0) { // S bit: status in the Data-In PDU
                        t.status()[0] = s[off + 3] & 0xFF;
                        t.responseData()[0] = new byte[0];
                    }
                } else if (opcode == 0x21 && byItt.containsKey(key)) {
                    Task t = byItt.get(key);
                    t.status()[0] = s[off + 3] & 0xFF;
                    t.responseData()[0] = java.util.Arrays.copyOfRange(s, data, Math.min(s.length, data + dsl));
                }
                off += 48 + ahs + ((dsl + 3) & ~3);
            }
        }
        return found;
    }

    private static void tcpPayload(byte[] f, int port, Map<String, ByteArrayOutputStream> streams) {
        if (f.length < 14 + 20 || ScsiBytes.u16(f, 12) != 0x0800) {
            return;
        }
        int ip = 14;
        int ihl = (f[ip] & 0x0F) * 4;
        if (f[ip + 9] != 6) {
            return;
        }
        int ipEnd = ip + ScsiBytes.u16(f, ip + 2);
        int tcp = ip + ihl;
        int src = ScsiBytes.u16(f, tcp);
        int dst = ScsiBytes.u16(f, tcp + 2);
        int payload = tcp + ((f[tcp + 12] & 0xF0) >> 2);
        if ((src != port && dst != port) || payload >= ipEnd) {
            return;
        }
        streams.computeIfAbsent(src + ">" + dst, k -> new ByteArrayOutputStream()).write(f, payload, ipEnd - payload);
    }

    @Test
    void everyCommandOfTheCaptureParsesExceptTheOneTgtRejected() {
        assertThat(tasks).hasSize(458);
        int invalid = 0;
        for (Task t : tasks) {
            try {
                Cdb cdb = Cdb.parse(t.cdb());
                assertThat(cdb).isNotInstanceOf(UnknownCdb.class);
                assertThat(cdb.describe()).isNotBlank();
            } catch (InvalidCdbException e) {
                invalid++;
                assertThat(t.status()[0]).isEqualTo(ScsiStatus.CHECK_CONDITION.code());
                assertThat(ScsiOutcome.fromResponse(ScsiStatus.CHECK_CONDITION, t.responseData()[0]).sense())
                        .hasValueSatisfying(s -> assertThat(s.additionalSense()).isEqualTo(e.additionalSense()));
            }
        }
        assertThat(invalid).isEqualTo(1);
    }

    @Test
    void everyAnswerOfTheCaptureIsReadableAndCheckConditionsCarrySense() {
        int answered = 0;
        for (Task t : tasks) {
            if (t.status()[0] < 0) {
                continue; // the capture ends or the task was aborted before an answer
            }
            answered++;
            ScsiOutcome o = ScsiOutcome.fromResponse(ScsiStatus.of(t.status()[0]), t.responseData()[0]);
            assertThat(o.missingSense()).as("tgt always sends autosense: %s", o).isFalse();
            assertThat(o.senseProblem()).isEmpty();
        }
        assertThat(answered).isGreaterThan(400);
    }

    @Test
    void everyDataInPayloadParsesWithTheModelOfItsCommand() {
        int parsed = 0;
        for (Task t : tasks) {
            byte[] data = t.dataIn().toByteArray();
            if (data.length == 0) {
                continue;
            }
            Cdb cdb = Cdb.parse(t.cdb());
            if (cdb instanceof Inquiry i && !i.evpd() && data.length >= 5) {
                StandardInquiryData d = StandardInquiryData.parse(data);
                if (data.length >= 16) {
                    assertThat(d.vendor()).isEqualTo("IET");
                }
                parsed++;
            } else if (cdb instanceof Inquiry i && i.evpd() && data.length >= 4) {
                assertThat(VpdPage.parse(data).pageCode()).isEqualTo(i.pageCode());
                parsed++;
            } else if (cdb instanceof ModeSense m && m.cdbLength() == 6) {
                ModeParameterList l = ModeParameterList.parseSense6(data);
                assertThat(l.dpofua()).isTrue();
                parsed++;
            } else if (cdb instanceof ReadCapacity10) {
                assertThat(ReadCapacity10Data.parse(data).capacityBlocks()).isEqualTo(0x80000);
                parsed++;
            } else if (cdb instanceof ReadCapacity16) {
                assertThat(ReadCapacity16Data.parse(data).capacityBlocks()).isEqualTo(0x80000);
                parsed++;
            } else if (cdb instanceof ReportSupportedOperationCodes) {
                SupportedOperationCodesData d = SupportedOperationCodesData.parse(data);
                assertThat(d.commands()).hasSize(0x3E8 / 20);
                assertThat(d.commands()).allSatisfy(c -> assertThat(c.timeouts()).isPresent());
                parsed++;
            } else if (cdb instanceof PersistentReserveIn) {
                assertThat(ReadKeysData.parse(data).prGeneration()).isEqualTo(0x110);
                parsed++;
            }
        }
        assertThat(parsed).isGreaterThan(250);
    }

    @Test
    void istgtZeroLengthRead16IsDescribedAndHasNoAnswer() throws IOException {
        List<Task> istgt = read("/captures/istgt-read16-zero-length-unanswered.pcap", 3262);
        Task unanswered = istgt.stream().filter(t -> t.status()[0] < 0).findFirst().orElseThrow();
        Cdb cdb = Cdb.parse(unanswered.cdb());
        assertThat(cdb.describe()).isEqualTo("READ(16) LBA 0 blocks 0");
        assertThat(cdb.expectedDataTransferLength(512)).isZero();
    }
}
