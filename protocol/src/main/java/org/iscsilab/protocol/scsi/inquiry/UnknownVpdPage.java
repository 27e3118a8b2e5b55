package org.iscsilab.protocol.scsi.inquiry;

import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * A VPD page this model does not interpret, kept verbatim.
 *
 * @param pageCode PAGE CODE
 * @param content the body after the header
 */
public record UnknownVpdPage(int pageCode, ImmutableBytes content) implements VpdPage {
    public UnknownVpdPage {
        ScsiBytes.checkRange("page code", pageCode, 0xFF);
        ScsiBytes.checkRange("page length", content.length(), 0xFFFF);
    }

    @Override
    public byte[] body() {
        return content.toArray();
    }
}
