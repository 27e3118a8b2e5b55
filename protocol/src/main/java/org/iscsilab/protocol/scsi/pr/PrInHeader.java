package org.iscsilab.protocol.scsi.pr;

import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/** Shared checks for PR IN data. */
final class PrInHeader {
    private PrInHeader() {}

    static void need(byte[] b, int n) {
        if (b.length < n) {
            throw new ScsiFormatException("PERSISTENT RESERVE IN data shorter than " + n + " bytes",
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
    }
}
