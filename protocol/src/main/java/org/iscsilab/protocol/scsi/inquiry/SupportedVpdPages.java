package org.iscsilab.protocol.scsi.inquiry;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Supported VPD Pages, page 0x00 (SPC-4 §7.8.16): the list of page codes in ascending order.
 *
 * @param pageCodes supported page codes
 */
public record SupportedVpdPages(List<Integer> pageCodes) implements VpdPage {
    public SupportedVpdPages {
        pageCodes = List.copyOf(pageCodes);
        pageCodes.forEach(p -> ScsiBytes.checkRange("page code", p, 0xFF));
    }

    @Override
    public int pageCode() {
        return SUPPORTED_VPD_PAGES;
    }

    @Override
    public byte[] body() {
        byte[] b = new byte[pageCodes.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (int) pageCodes.get(i);
        }
        return b;
    }

    static SupportedVpdPages parseBody(byte[] body) {
        List<Integer> codes = new ArrayList<>(body.length);
        for (byte c : body) {
            codes.add(c & 0xFF);
        }
        return new SupportedVpdPages(codes);
    }
}
