package org.iscsilab.protocol.scsi.pr;

import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PERSISTENT RESERVE OUT parameter list for REGISTER AND MOVE (SPC-4 §6.16.4).
 *
 * @param reservationKey RESERVATION KEY
 * @param serviceActionReservationKey SERVICE ACTION RESERVATION KEY
 * @param unreg UNREG: unregister the I_T nexus that sent the command
 * @param aptpl APTPL
 * @param relativeTargetPortId RELATIVE TARGET PORT IDENTIFIER
 * @param transportId the TransportID of the nexus receiving the reservation
 */
public record RegisterAndMoveParameterList(long reservationKey, long serviceActionReservationKey, boolean unreg,
        boolean aptpl, int relativeTargetPortId, TransportId transportId) {

    public RegisterAndMoveParameterList {
        ScsiBytes.checkRange("relative target port", relativeTargetPortId, 0xFFFF);
    }

    /** The list's bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[24 + transportId.length()];
        ScsiBytes.put64(b, 0, reservationKey);
        ScsiBytes.put64(b, 8, serviceActionReservationKey);
        b[17] = (byte) ((unreg ? 0x02 : 0) | (aptpl ? 0x01 : 0));
        ScsiBytes.put16(b, 18, relativeTargetPortId);
        ScsiBytes.put32(b, 20, transportId.length());
        transportId.write(b, 24);
        return b;
    }

    /** Parses the list; lengths that disagree are a PARAMETER LIST LENGTH ERROR. */
    public static RegisterAndMoveParameterList parse(byte[] b) {
        if (b.length < 24) {
            throw InvalidParameterListException.lengthError("REGISTER AND MOVE list shorter than 24 bytes", 0);
        }
        if ((b[16] & 0xFF) != 0 || (b[17] & 0xFC) != 0) {
            throw new InvalidParameterListException("reserved bits in bytes 16-17", (b[16] & 0xFF) != 0 ? 16 : 17);
        }
        long tidLen = ScsiBytes.u32(b, 20);
        if (24 + tidLen > b.length || tidLen == 0) {
            throw InvalidParameterListException.lengthError("TRANSPORTID PARAMETER DATA LENGTH " + tidLen
                    + " disagrees with the list", 20);
        }
        TransportId t = TransportId.read(b, 24, (int) (24 + tidLen));
        return new RegisterAndMoveParameterList(ScsiBytes.u64(b, 0), ScsiBytes.u64(b, 8), ScsiBytes.bit(b, 17, 1),
                ScsiBytes.bit(b, 17, 0), ScsiBytes.u16(b, 18), t);
    }
}
