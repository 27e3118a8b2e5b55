package org.iscsilab.protocol.scsi.pr;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * One full status descriptor of READ FULL STATUS (SPC-4 §6.15.5).
 *
 * @param reservationKey RESERVATION KEY
 * @param allTgPt ALL_TG_PT
 * @param reservationHolder R_HOLDER
 * @param scope SCOPE
 * @param type TYPE
 * @param relativeTargetPortId RELATIVE TARGET PORT IDENTIFIER
 * @param transportId the registered I_T nexus's TransportID
 */
public record FullStatusDescriptor(long reservationKey, boolean allTgPt, boolean reservationHolder, int scope,
        ReservationType type, int relativeTargetPortId, TransportId transportId) {
    public FullStatusDescriptor {
        ScsiBytes.checkRange("scope", scope, 0xF);
        ScsiBytes.checkRange("relative target port", relativeTargetPortId, 0xFFFF);
    }

    /** Length on the wire. */
    public int length() {
        return 24 + transportId.length();
    }
}
