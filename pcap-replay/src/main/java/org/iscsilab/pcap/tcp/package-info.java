/**
 * TCP reassembly (RFC 9293): {@link org.iscsilab.pcap.tcp.TcpReassembler} turns decoded
 * segments into ordered byte streams per {@link org.iscsilab.pcap.tcp.TcpConnection} and
 * {@link org.iscsilab.pcap.tcp.Direction}, reported to a
 * {@link org.iscsilab.pcap.tcp.TcpStreamListener} with gap and close events. Typical use:
 *
 * <pre>{@code
 * TcpReassembler reassembler = new TcpReassembler(listener);
 * PacketDecoder decoder = new PacketDecoder();
 * try (CaptureReader reader = CaptureReader.open(path)) {
 *     for (CapturedPacket p; (p = reader.next()) != null; ) {
 *         TcpSegment s = decoder.decode(p);
 *         if (s != null) reassembler.accept(s);
 *     }
 * } catch (CaptureFormatException damaged) {
 *     // everything before damaged.byteOffset() has been delivered
 * }
 * reassembler.finish();
 * }</pre>
 */
package org.iscsilab.pcap.tcp;
