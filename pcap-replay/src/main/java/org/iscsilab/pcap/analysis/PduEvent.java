package org.iscsilab.pcap.analysis;

import org.iscsilab.protocol.pdu.Pdu;

/** One PDU as found in a capture: where, which way, in which frame, when. */
public record PduEvent(ConnectionId connection, Direction direction, long frameNumber, long timestampNanos, Pdu pdu) {}
