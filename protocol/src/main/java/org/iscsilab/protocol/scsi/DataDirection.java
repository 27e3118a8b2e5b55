package org.iscsilab.protocol.scsi;

/** Direction of a command's data transfer as seen by the initiator (SAM-5 §5.4.3). */
public enum DataDirection {
    /** No data phase. */
    NONE,
    /** Data-In: device server to application client (iSCSI R bit). */
    READ,
    /** Data-Out: application client to device server (iSCSI W bit). */
    WRITE,
    /** Both directions (iSCSI R and W bits). */
    BIDIRECTIONAL
}
