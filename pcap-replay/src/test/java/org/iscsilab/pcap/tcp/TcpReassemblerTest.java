package org.iscsilab.pcap.tcp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.iscsilab.pcap.net.TcpSegment;
import org.junit.jupiter.api.Test;

class TcpReassemblerTest {
    private static final byte[] C = {10, 0, 0, 1};
    private static final byte[] S = {10, 0, 0, 2};
    private static final int CISN = 1000;
    private static final int SISN = 5000;

    private final RecordingListener rec = new RecordingListener();
    private final TcpReassembler r = new TcpReassembler(rec);
    private long frame;

    private void fromClient(int seq, int flags, String data) {
        r.accept(TcpSegment.of(++frame, frame * 1000, C, 40000, S, 3260, seq, 0, flags, 65535, data.getBytes(ISO_8859_1)));
    }

    private void fromServer(int seq, int flags, String data) {
        r.accept(TcpSegment.of(++frame, frame * 1000, S, 3260, C, 40000, seq, 0, flags, 65535, data.getBytes(ISO_8859_1)));
    }

    private void handshake() {
        fromClient(CISN, TcpSegment.SYN, "");
        fromServer(SISN, TcpSegment.SYN | TcpSegment.ACK, "");
        fromClient(CISN + 1, TcpSegment.ACK, "");
    }

    private String clientStream() {
        return new String(rec.stream(rec.connections.get(0), Direction.CLIENT_TO_SERVER), ISO_8859_1);
    }

    private static final int A = TcpSegment.ACK;
    private static final int PA = TcpSegment.PSH | TcpSegment.ACK;

    @Test
    void handshakeOpensOneConnectionWithRolesFromTheSyn() {
        handshake();
        fromClient(CISN + 1, PA, "hello");
        fromServer(SISN + 1, PA, "world");
        assertThat(rec.events).containsExactly(
                "open#0 10.0.0.1:40000 SYN @1",
                "data#0 CLIENT_TO_SERVER hello @4",
                "data#0 SERVER_TO_CLIENT world @5");
        assertThat(rec.connections.get(0).server().port()).isEqualTo(3260);
    }

    @Test
    void synAckSeenFirstMakesItsSenderTheServer() {
        fromServer(SISN, TcpSegment.SYN | TcpSegment.ACK, "");
        fromClient(CISN + 1, PA, "x");
        assertThat(rec.connections.get(0).client().port()).isEqualTo(40000);
        assertThat(rec.connections.get(0).rolesFromHandshake()).isTrue();
    }

    @Test
    void retransmittedDataIsDeliveredOnce() {
        handshake();
        fromClient(CISN + 1, PA, "abc");
        fromClient(CISN + 1, PA, "abc");
        fromClient(CISN + 4, PA, "def");
        assertThat(clientStream()).isEqualTo("abcdef");
        assertThat(rec.connections.get(0).retransmissions(Direction.CLIENT_TO_SERVER)).isEqualTo(1);
    }

    @Test
    void outOfOrderSegmentsAreBufferedAndDeliveredInOrder() {
        handshake();
        fromClient(CISN + 4, PA, "def");
        fromClient(CISN + 7, PA, "ghi");
        fromClient(CISN + 1, PA, "abc");
        assertThat(clientStream()).isEqualTo("abcdefghi");
        assertThat(rec.events).contains("data#0 CLIENT_TO_SERVER abc @6", "data#0 CLIENT_TO_SERVER def @4",
                "data#0 CLIENT_TO_SERVER ghi @5");
    }

    @Test
    void overlappingSegmentsKeepTheFirstSeenBytesAndCountConflicts() {
        handshake();
        fromClient(CISN + 3, PA, "CDEF"); // buffered first
        fromClient(CISN + 1, PA, "abcdXY"); // overlaps: "cd" vs "CD", "EF" vs "XY"
        assertThat(clientStream()).isEqualTo("abCDEF");
        assertThat(rec.connections.get(0).overlapConflicts(Direction.CLIENT_TO_SERVER)).isEqualTo(1);
    }

    @Test
    void retransmissionThatDisagreesWithDeliveredBytesIsCountedAndDropped() {
        handshake();
        fromClient(CISN + 1, PA, "abcdef");
        fromClient(CISN + 1, PA, "abcdef"); // faithful retransmission
        fromClient(CISN + 3, PA, "cXe"); // rewrites delivered bytes
        fromClient(CISN + 5, PA, "efGH"); // agrees on "ef", adds "GH"
        assertThat(clientStream()).isEqualTo("abcdefGH");
        assertThat(rec.connections.get(0).overlapConflicts(Direction.CLIENT_TO_SERVER)).isEqualTo(1);
        assertThat(rec.connections.get(0).retransmissions(Direction.CLIENT_TO_SERVER)).isEqualTo(2);
    }

    @Test
    void bufferedSegmentsBeyondTheSegmentLimitForceAGap() {
        RecordingListener l = new RecordingListener();
        TcpReassembler small = new TcpReassembler(l, new TcpReassembler.Limits(1 << 20, 2, 10, 0));
        small.accept(TcpSegment.of(1, 0, C, 1, S, 2, 100, 0, TcpSegment.SYN, 0, new byte[0]));
        small.accept(TcpSegment.of(2, 0, C, 1, S, 2, 110, 0, PA, 0, "a".getBytes(ISO_8859_1)));
        small.accept(TcpSegment.of(3, 0, C, 1, S, 2, 112, 0, PA, 0, "b".getBytes(ISO_8859_1)));
        assertThat(l.events).noneMatch(e -> e.startsWith("gap"));
        small.accept(TcpSegment.of(4, 0, C, 1, S, 2, 114, 0, PA, 0, "c".getBytes(ISO_8859_1)));
        assertThat(l.events).containsSubsequence("gap#0 CLIENT_TO_SERVER seq=101 len=9 @2", "data#0 CLIENT_TO_SERVER a @2");
    }

    @Test
    void segmentPartlyRetransmittedDeliversOnlyItsNewTail() {
        handshake();
        fromClient(CISN + 1, PA, "abc");
        fromClient(CISN + 2, PA, "bcdef");
        assertThat(clientStream()).isEqualTo("abcdef");
    }

    @Test
    void missingSegmentIsReportedAsAGapAtFinAndTheStreamContinuesAfterIt() {
        handshake();
        fromClient(CISN + 1, PA, "abc");
        fromClient(CISN + 7, PA, "ghi"); // "def" never captured
        fromClient(CISN + 10, TcpSegment.FIN | A, "");
        assertThat(rec.events).containsSubsequence(
                "data#0 CLIENT_TO_SERVER abc @4",
                "gap#0 CLIENT_TO_SERVER seq=1004 len=3 @5",
                "data#0 CLIENT_TO_SERVER ghi @5",
                "close#0 CLIENT_TO_SERVER FIN @6");
        assertThat(rec.connections.get(0).gapBytes(Direction.CLIENT_TO_SERVER)).isEqualTo(3);
    }

    @Test
    void gapIsGivenUpWhenBufferedDataExceedsTheLimit() {
        RecordingListener l = new RecordingListener();
        TcpReassembler small = new TcpReassembler(l, new TcpReassembler.Limits(5, 100, 10, 0));
        small.accept(TcpSegment.of(1, 0, C, 1, S, 2, 100, 0, TcpSegment.SYN, 0, new byte[0]));
        small.accept(TcpSegment.of(2, 0, C, 1, S, 2, 111, 0, PA, 0, "xyz".getBytes(ISO_8859_1)));
        assertThat(l.events).noneMatch(e -> e.startsWith("gap"));
        small.accept(TcpSegment.of(3, 0, C, 1, S, 2, 114, 0, PA, 0, "uvw".getBytes(ISO_8859_1)));
        assertThat(l.events).containsSubsequence("gap#0 CLIENT_TO_SERVER seq=101 len=10 @2",
                "data#0 CLIENT_TO_SERVER xyz @2", "data#0 CLIENT_TO_SERVER uvw @3");
    }

    @Test
    void gapAtEndOfCaptureIsReportedByFinish() {
        handshake();
        fromClient(CISN + 4, PA, "def");
        r.finish();
        assertThat(rec.events).containsSubsequence(
                "gap#0 CLIENT_TO_SERVER seq=1001 len=3 @4",
                "data#0 CLIENT_TO_SERVER def @4",
                "close#0 CLIENT_TO_SERVER END_OF_CAPTURE @4",
                "close#0 SERVER_TO_CLIENT END_OF_CAPTURE @4");
    }

    @Test
    void captureStartingMidConnectionStartsAtTheFirstDataSegment() {
        fromServer(777_777, A, ""); // pure ACK: nothing to sync on
        fromServer(777_777, PA, "NOP-In");
        fromClient(123, PA, "NOP-Out");
        assertThat(rec.events).containsExactly(
                "open#0 10.0.0.2:3260 guessed @1",
                "data#0 CLIENT_TO_SERVER NOP-In @2",
                "data#0 SERVER_TO_CLIENT NOP-Out @3");
        assertThat(rec.connections.get(0).rolesFromHandshake()).isFalse();
    }

    @Test
    void resetClosesBothDirections() {
        handshake();
        fromClient(CISN + 1, PA, "abc");
        fromServer(SISN + 1, TcpSegment.RST | A, "");
        assertThat(rec.events).containsSubsequence(
                "close#0 CLIENT_TO_SERVER RST @5", "close#0 SERVER_TO_CLIENT RST @5");
        fromClient(CISN + 4, PA, "late");
        assertThat(rec.connections.get(0).ignoredAfterClose(Direction.CLIENT_TO_SERVER)).isEqualTo(1);
    }

    @Test
    void finInBothDirectionsClosesEachAndAReusedPortOpensANewConnection() {
        handshake();
        fromClient(CISN + 1, PA | TcpSegment.FIN, "bye");
        fromServer(SISN + 1, TcpSegment.FIN | A, "");
        fromClient(CISN + 5, A, "");
        fromClient(90_000, TcpSegment.SYN, "");
        assertThat(rec.events).containsSubsequence(
                "data#0 CLIENT_TO_SERVER bye @4",
                "close#0 CLIENT_TO_SERVER FIN @4",
                "close#0 SERVER_TO_CLIENT FIN @5",
                "open#1 10.0.0.1:40000 SYN @7");
    }

    @Test
    void sequenceNumbersWrapAround() {
        int isn = 0xFFFF_FFFA;
        fromClient(isn, TcpSegment.SYN, "");
        fromClient(isn + 1, PA, "abcd"); // 0xFFFFFFFB..0xFFFFFFFE
        fromClient(isn + 9, PA, "ijkl"); // crosses zero: out of order
        fromClient(isn + 5, PA, "efgh"); // 0xFFFFFFFF..0x00000002
        assertThat(clientStream()).isEqualTo("abcdefghijkl");
        r.finish();
        assertThat(rec.events).noneMatch(e -> e.startsWith("gap"));
    }

    @Test
    void anyPermutationWithDuplicatesOfASegmentedStreamReassemblesToTheOriginal() {
        qt().withExamples(300)
                .forAll(longs().all(), integers().between(1, 3000), integers().between(1, 200), integers().all())
                .checkAssert((seed, length, maxSegment, isn) -> {
                    Random random = new Random(seed);
                    byte[] original = new byte[length];
                    random.nextBytes(original);
                    List<int[]> segments = new ArrayList<>(); // {offset, length}
                    for (int off = 0; off < length;) {
                        int n = 1 + random.nextInt(Math.min(maxSegment, length - off));
                        segments.add(new int[] {off, n});
                        off += n;
                    }
                    // Duplicates and overlapping re-segmentations of the same bytes.
                    int extra = random.nextInt(segments.size() + 1);
                    for (int i = 0; i < extra; i++) {
                        int off = random.nextInt(length);
                        segments.add(new int[] {off, 1 + random.nextInt(Math.min(maxSegment, length - off))});
                    }
                    Collections.shuffle(segments, random);
                    RecordingListener l = new RecordingListener(false);
                    TcpReassembler re = new TcpReassembler(l);
                    re.accept(TcpSegment.of(1, 0, C, 1, S, 2, isn, 0, TcpSegment.SYN, 0, new byte[0]));
                    long f = 2;
                    for (int[] s : segments) {
                        byte[] data = java.util.Arrays.copyOfRange(original, s[0], s[0] + s[1]);
                        re.accept(TcpSegment.of(f++, 0, C, 1, S, 2, isn + 1 + s[0], 0, PA, 0, data));
                    }
                    re.finish();
                    assertThat(l.stream(l.connections.get(0), Direction.CLIENT_TO_SERVER)).isEqualTo(original);
                    assertThat(l.events).noneMatch(e -> e.startsWith("gap"));
                    assertThat(l.connections.get(0).overlapConflicts(Direction.CLIENT_TO_SERVER)).isZero();
                });
    }

    /**
     * With payloads that stay (a mapped capture file), the bytes kept for the retransmission check are
     * views instead of a copied ring: the same streams, gaps, retransmissions and conflicts come out.
     */
    @Test
    void viewsOfPayloadsThatStayCountTheSameConflictsAsTheCopiedRing() {
        qt().withExamples(200)
                .forAll(longs().all(), integers().between(1, 120_000), integers().between(256, 6000), integers().all())
                .checkAssert((seed, length, maxSegment, isn) -> {
                    Random random = new Random(seed);
                    byte[] original = new byte[length];
                    random.nextBytes(original);
                    List<byte[]> wire = new ArrayList<>(); // {seq offset as 4 bytes, data...} per segment
                    List<int[]> sent = new ArrayList<>();
                    for (int off = 0; off < length;) {
                        int n = Math.min(length - off, 256 + random.nextInt(maxSegment - 255));
                        sent.add(new int[] {off, n});
                        off += n;
                        // Now and then a retransmission of a recent segment, faithful or with a byte changed,
                        // or a segment ahead of the stream (buffered, then drained).
                        int r = random.nextInt(6);
                        if (r == 0 || r == 1) {
                            int[] back = sent.get(Math.max(0, sent.size() - 1 - random.nextInt(Math.min(sent.size(), 80))));
                            sent.add(new int[] {back[0], back[1], r});
                        }
                    }
                    String[] results = new String[2];
                    for (int mode = 0; mode < 2; mode++) {
                        RecordingListener l = new RecordingListener(false);
                        TcpReassembler re = new TcpReassembler(l, TcpReassembler.Limits.DEFAULT, mode == 1);
                        re.accept(TcpSegment.of(1, 0, C, 1, S, 2, isn, 0, TcpSegment.SYN, 0, new byte[0]));
                        long f = 2;
                        for (int[] s : sent) {
                            byte[] data = java.util.Arrays.copyOfRange(original, s[0], s[0] + s[1]);
                            if (s.length == 3 && s[2] == 1) {
                                data[new Random(seed + f).nextInt(data.length)] ^= 0x5a;
                            }
                            re.accept(TcpSegment.of(f++, 0, C, 1, S, 2, isn + 1 + s[0], 0, PA, 0, data));
                        }
                        re.finish();
                        TcpConnection c = l.connections.get(0);
                        assertThat(l.stream(c, Direction.CLIENT_TO_SERVER)).isEqualTo(original);
                        results[mode] = c.overlapConflicts(Direction.CLIENT_TO_SERVER) + " conflicts, "
                                + c.retransmissions(Direction.CLIENT_TO_SERVER) + " retransmissions, " + l.events;
                    }
                    assertThat(results[1]).isEqualTo(results[0]);
                });
    }
}
