package org.iscsilab.protocol.scsi.pr;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PERSISTENT RESERVE OUT parameter list for every service action but REGISTER AND MOVE
 * (SPC-4 §6.16.3): 24 bytes, plus TransportIDs when SPEC_I_PT is set.
 *
 * @param reservationKey RESERVATION KEY
 * @param serviceActionReservationKey SERVICE ACTION RESERVATION KEY
 * @param specIPt SPEC_I_PT
 * @param allTgPt ALL_TG_PT
 * @param aptpl APTPL: persist through power loss
 * @param transportIds TransportIDs (only with SPEC_I_PT)
 */
public record PrOutParameterList(long reservationKey, long serviceActionReservationKey, boolean specIPt,
        boolean allTgPt, boolean aptpl, List<TransportId> transportIds) {

    public PrOutParameterList {
        transportIds = List.copyOf(transportIds);
        if (!specIPt && !transportIds.isEmpty()) {
            throw new IllegalArgumentException("TransportIDs need SPEC_I_PT");
        }
    }

    /** The basic list: two keys, no flags. */
    public static PrOutParameterList of(long reservationKey, long serviceActionReservationKey) {
        return new PrOutParameterList(reservationKey, serviceActionReservationKey, false, false, false, List.of());
    }

    /** The list's bytes; its length is the CDB's PARAMETER LIST LENGTH. */
    public byte[] toBytes() {
        int tidLen = transportIds.stream().mapToInt(TransportId::length).sum();
        byte[] b = new byte[specIPt ? 28 + tidLen : 24];
        ScsiBytes.put64(b, 0, reservationKey);
        ScsiBytes.put64(b, 8, serviceActionReservationKey);
        b[20] = (byte) ((specIPt ? 0x08 : 0) | (allTgPt ? 0x04 : 0) | (aptpl ? 0x01 : 0));
        if (specIPt) {
            ScsiBytes.put32(b, 24, tidLen);
            int off = 28;
            for (TransportId t : transportIds) {
                t.write(b, off);
                off += t.length();
            }
        }
        return b;
    }

    /**
     * Parses the list as the device server must (SPC-4 §6.16.3): without SPEC_I_PT the length must be
     * 24 (PARAMETER LIST LENGTH ERROR otherwise); reserved bits are an invalid field.
     */
    public static PrOutParameterList parse(byte[] b) {
        if (b.length < 24) {
            throw InvalidParameterListException.lengthError("PR OUT parameter list shorter than 24 bytes", 0);
        }
        if ((b[20] & 0xF2) != 0) {
            throw new InvalidParameterListException("reserved bit in byte 20 of the PR OUT parameter list", 20);
        }
        boolean specIPt = ScsiBytes.bit(b, 20, 3);
        List<TransportId> tids = new ArrayList<>();
        if (specIPt) {
            if (b.length < 28) {
                throw InvalidParameterListException.lengthError("SPEC_I_PT without TRANSPORTID PARAMETER DATA LENGTH",
                        24);
            }
            long tidLen = ScsiBytes.u32(b, 24);
            if (28 + tidLen != b.length) {
                throw InvalidParameterListException.lengthError("TRANSPORTID PARAMETER DATA LENGTH " + tidLen
                        + " disagrees with the parameter list length", 24);
            }
            int off = 28;
            while (off < b.length) {
                TransportId t = TransportId.read(b, off, b.length);
                tids.add(t);
                off += t.length();
            }
        } else if (b.length != 24) {
            throw InvalidParameterListException.lengthError("PR OUT parameter list must be 24 bytes without SPEC_I_PT",
                    0);
        }
        return new PrOutParameterList(ScsiBytes.u64(b, 0), ScsiBytes.u64(b, 8), specIPt, ScsiBytes.bit(b, 20, 2),
                ScsiBytes.bit(b, 20, 0), tids);
    }
}
