package org.iscsilab.protocol.scsi.sense;

import java.util.Arrays;
import java.util.Optional;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;

/**
 * The data segment of an iSCSI SCSI Response carrying sense data: a 2-byte SenseLength, the sense
 * data, then optional response data (RFC 7143 §11.4.7).
 */
public final class IscsiSense {
    private IscsiSense() {}

    /** SenseLength-prefixed bytes for {@code sense} (no padding; the PDU codec pads). */
    public static byte[] encode(SenseData sense) {
        return encode(sense.toBytes());
    }

    /** SenseLength-prefixed bytes for raw sense bytes, e.g. deliberately broken sense. */
    public static byte[] encode(byte[] rawSense) {
        ScsiBytes.checkRange("SenseLength", rawSense.length, 0xFFFF);
        byte[] b = new byte[2 + rawSense.length];
        ScsiBytes.put16(b, 0, rawSense.length);
        System.arraycopy(rawSense, 0, b, 2, rawSense.length);
        return b;
    }

    /**
     * The raw sense bytes of a SCSI Response data segment; empty when the segment is empty or
     * SenseLength is 0.
     *
     * @throws ScsiFormatException when the segment is 1 byte long or SenseLength exceeds it
     */
    public static Optional<byte[]> rawSense(byte[] dataSegment) {
        if (dataSegment.length == 0) {
            return Optional.empty();
        }
        if (dataSegment.length < 2) {
            throw new ScsiFormatException("data segment too short for SenseLength (RFC 7143 §11.4.7.2)",
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        int len = ScsiBytes.u16(dataSegment, 0);
        if (len == 0) {
            return Optional.empty();
        }
        if (2 + len > dataSegment.length) {
            throw new ScsiFormatException("SenseLength " + len + " exceeds the data segment of "
                    + dataSegment.length + " bytes (RFC 7143 §11.4.7.2)",
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        return Optional.of(Arrays.copyOfRange(dataSegment, 2, 2 + len));
    }

    /**
     * The parsed sense data of a SCSI Response data segment; empty when there is none (which,
     * with CHECK CONDITION, violates autosense, SAM-5 §5.3.2).
     */
    public static Optional<SenseData> decode(byte[] dataSegment) {
        Optional<byte[]> raw = rawSense(dataSegment);
        return raw.isEmpty() ? Optional.empty() : Optional.of(SenseData.parse(raw.get()));
    }
}
