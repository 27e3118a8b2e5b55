package org.iscsilab.protocol.scsi;

import java.util.Optional;
import org.iscsilab.protocol.scsi.sense.IscsiSense;
import org.iscsilab.protocol.scsi.sense.SenseData;

/**
 * How a SCSI command ended, as carried by an iSCSI SCSI Response (RFC 7143 §11.4): the status and
 * the sense data of its data segment, or why that sense data could not be read. Used by the
 * initiator to report and by the pcap analyser to name what went wrong.
 *
 * @param status the SCSI status
 * @param sense the parsed sense data, when present and well-formed
 * @param senseProblem why sense data is missing or unreadable, when it is
 */
public record ScsiOutcome(ScsiStatus status, Optional<SenseData> sense, Optional<String> senseProblem) {

    /** An outcome with no data segment. */
    public static ScsiOutcome of(ScsiStatus status) {
        return fromResponse(status, new byte[0]);
    }

    /**
     * Reads the outcome of a SCSI Response. Never throws on malformed sense: the problem is kept as
     * text. CHECK CONDITION without sense violates autosense (SAM-5 §5.3.2, RFC 7143 §11.4.7).
     */
    public static ScsiOutcome fromResponse(ScsiStatus status, byte[] dataSegment) {
        try {
            Optional<SenseData> s = IscsiSense.decode(dataSegment);
            Optional<String> problem = s.isEmpty() && status.equals(ScsiStatus.CHECK_CONDITION)
                    ? Optional.of("CHECK CONDITION without sense data (autosense is mandatory, SAM-5 §5.3.2)")
                    : Optional.empty();
            return new ScsiOutcome(status, s, problem);
        } catch (ScsiFormatException e) {
            return new ScsiOutcome(status, Optional.empty(), Optional.of("malformed sense data: " + e.getMessage()));
        }
    }

    /** True for CHECK CONDITION with no (readable) sense data. */
    public boolean missingSense() {
        return status.equals(ScsiStatus.CHECK_CONDITION) && sense.isEmpty();
    }

    /** "GOOD", "CHECK CONDITION, ILLEGAL REQUEST: INVALID FIELD IN CDB (24/00)", "CHECK CONDITION, CHECK CONDITION without sense data ...". */
    public String describe() {
        StringBuilder sb = new StringBuilder(status.name());
        sense.ifPresent(s -> sb.append(", ").append(s.describe()));
        senseProblem.ifPresent(p -> sb.append(", ").append(p));
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
