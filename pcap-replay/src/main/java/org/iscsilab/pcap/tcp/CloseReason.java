package org.iscsilab.pcap.tcp;

/** Why a direction of a TCP connection ended. */
public enum CloseReason {
    /** The sender's FIN was reached (RFC 9293 §3.6). */
    FIN,
    /** A reset was seen in either direction (RFC 9293 §3.5.2). */
    RST,
    /** The capture ended with the direction still open. */
    END_OF_CAPTURE
}
