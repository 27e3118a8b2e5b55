/**
 * Capture files: {@link org.iscsilab.pcap.io.CaptureReader} reads classic pcap and pcapng
 * (draft-ietf-opsawg-pcapng) over a windowed memory mapping, returning a reused
 * {@link org.iscsilab.pcap.io.CapturedPacket} flyweight; damage is reported as
 * {@link org.iscsilab.pcap.io.CaptureFormatException} naming the byte offset and frame.
 * {@link org.iscsilab.pcap.io.PcapRecorder} writes TCP conversations as Ethernet/IP/TCP pcap
 * files that tshark dissects cleanly.
 */
package org.iscsilab.pcap.io;
