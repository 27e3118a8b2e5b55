package org.iscsilab.protocol.scsi.pr;

import java.util.Optional;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PERSISTENT RESERVE IN / READ RESERVATION parameter data (SPC-4 §6.15.3).
 *
 * @param prGeneration PRGENERATION
 * @param reservation the persistent reservation, if one is held
 */
public record ReadReservationData(long prGeneration, Optional<Reservation> reservation) {
    /**
     * A held reservation.
     *
     * @param key RESERVATION KEY of the holder
     * @param scope SCOPE, 0..15
     * @param type TYPE
     */
    public record Reservation(long key, int scope, ReservationType type) {
        public Reservation {
            ScsiBytes.checkRange("scope", scope, 0xF);
        }
    }

    public ReadReservationData {
        ScsiBytes.checkRange("PRGENERATION", prGeneration, 0xFFFF_FFFFL);
    }

    /** The data bytes: 8, or 24 with a reservation. */
    public byte[] toBytes() {
        byte[] b = new byte[reservation.isPresent() ? 24 : 8];
        ScsiBytes.put32(b, 0, prGeneration);
        if (reservation.isPresent()) {
            Reservation r = reservation.get();
            ScsiBytes.put32(b, 4, 16);
            ScsiBytes.put64(b, 8, r.key());
            b[21] = (byte) ((r.scope() << 4) | r.type().code());
        }
        return b;
    }

    /** Parses the data; a reservation cut by the allocation length is left out. */
    public static ReadReservationData parse(byte[] b) {
        PrInHeader.need(b, 8);
        long len = ScsiBytes.u32(b, 4);
        Optional<Reservation> r = len >= 16 && b.length >= 24
                ? Optional.of(new Reservation(ScsiBytes.u64(b, 8), ScsiBytes.bits(b, 21, 7, 4),
                        new ReservationType(ScsiBytes.bits(b, 21, 3, 0))))
                : Optional.empty();
        return new ReadReservationData(ScsiBytes.u32(b, 0), r);
    }
}
