package org.iscsilab.pcap.tcp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.iscsilab.pcap.io.CaptureFormatException;
import org.iscsilab.pcap.io.CaptureReader;
import org.iscsilab.pcap.io.CapturedPacket;
import org.iscsilab.pcap.net.PacketDecoder;
import org.iscsilab.pcap.net.TcpSegment;

/**
 * The whole capture layer in one call: read a capture, decode every packet, reassemble every
 * TCP stream into a listener. A damaged capture does not throw: whatever was read before the
 * damage is delivered, every open direction is closed with
 * {@link CloseReason#END_OF_CAPTURE}, and the damage is returned in the {@link Summary}.
 */
public final class CaptureStreams {
    private CaptureStreams() {}

    /**
     * What was read.
     *
     * @param frames packets read
     * @param tcpSegments packets decoded as TCP segments
     * @param nonTcpPackets non-TCP IP packets and non-IP frames
     * @param ipFragments IP fragments (skipped)
     * @param malformedPackets packets too short for their headers
     * @param unsupportedLinkPackets packets of link types the decoder does not know
     * @param connections TCP connections seen
     * @param damage where the capture is damaged, if it is
     */
    public record Summary(long frames, long tcpSegments, long nonTcpPackets, long ipFragments, long malformedPackets,
            long unsupportedLinkPackets, long connections, Optional<CaptureFormatException> damage) {}

    /** Reads {@code file} into {@code listener} with the default reassembly limits. */
    public static Summary extract(Path file, TcpStreamListener listener) throws IOException {
        return extract(file, listener, TcpReassembler.Limits.DEFAULT);
    }

    /**
     * Reads {@code file} into {@code listener}.
     *
     * @throws CaptureFormatException only if the file is not a capture at all (bad magic or
     *     header); damage later in the file is returned in the summary
     * @throws IOException if the file cannot be read
     */
    public static Summary extract(Path file, TcpStreamListener listener, TcpReassembler.Limits limits)
            throws IOException {
        TcpReassembler reassembler = new TcpReassembler(listener, limits);
        PacketDecoder decoder = new PacketDecoder();
        CaptureFormatException damage = null;
        long frames;
        try (CaptureReader reader = CaptureReader.open(file)) {
            try {
                for (CapturedPacket p; (p = reader.next()) != null;) {
                    TcpSegment s = decoder.decode(p);
                    if (s != null) {
                        reassembler.accept(s);
                    }
                }
            } catch (CaptureFormatException e) {
                damage = e;
            }
            frames = reader.framesRead();
        }
        reassembler.finish();
        return new Summary(frames, decoder.tcpSegments(), decoder.nonTcpPackets(), decoder.ipFragments(),
                decoder.malformedPackets(), decoder.unsupportedLinkPackets(), reassembler.connectionsSeen(),
                Optional.ofNullable(damage));
    }
}
