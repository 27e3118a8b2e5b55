package org.iscsilab.protocol.scsi.mode;

import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * A mode page kept verbatim: not modelled, a sub-page, or a modelled page of an unexpected length.
 *
 * @param pageCode PAGE CODE
 * @param subpageCode SUBPAGE CODE (0 unless SPF)
 * @param spf SPF
 * @param ps PS
 * @param content the page parameters after the header
 */
public record UnknownModePage(int pageCode, int subpageCode, boolean spf, boolean ps, ImmutableBytes content)
        implements ModePage {
    public UnknownModePage {
        ScsiBytes.checkRange("page code", pageCode, 0x3F);
        ScsiBytes.checkRange("subpage code", subpageCode, 0xFF);
        ScsiBytes.checkRange("page length", content.length(), spf ? 0xFFFF : 0xFF);
        if (!spf && subpageCode != 0) {
            throw new IllegalArgumentException("a subpage code needs SPF");
        }
    }

    @Override
    public byte[] body() {
        return content.toArray();
    }
}
