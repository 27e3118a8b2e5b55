package org.iscsilab.protocol.scsi.mode;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * A mode page (SPC-4 §7.5.7): page_0 format (2-byte header) or sub_page format (SPF=1, 4-byte
 * header). Pages not modelled parse as {@link UnknownModePage}.
 *
 * <p>The same records carry current, changeable (a mask), default and saved values; which one a
 * record holds is the {@link PageControl} of the request.
 */
public sealed interface ModePage
        permits ReadWriteErrorRecoveryPage, CachingPage, ControlPage, InformationalExceptionsControlPage,
                UnknownModePage {

    int READ_WRITE_ERROR_RECOVERY = 0x01;
    int CACHING = 0x08;
    int CONTROL = 0x0A;
    int INFORMATIONAL_EXCEPTIONS_CONTROL = 0x1C;
    /** PAGE CODE requesting all pages in MODE SENSE. */
    int ALL_PAGES = 0x3F;

    /** PAGE CODE, 0..62. */
    int pageCode();

    /** SUBPAGE CODE (0 for page_0 format pages). */
    default int subpageCode() {
        return 0;
    }

    /** SPF: the page uses the sub_page format. */
    default boolean spf() {
        return false;
    }

    /** PS: the page can be saved (MODE SENSE); reserved in MODE SELECT. */
    boolean ps();

    /** The page parameters after the header. */
    byte[] body();

    /** The page with its header. */
    default byte[] toBytes() {
        byte[] body = body();
        int hdr = spf() ? 4 : 2;
        byte[] b = new byte[hdr + body.length];
        b[0] = (byte) ((ps() ? 0x80 : 0) | (spf() ? 0x40 : 0) | pageCode());
        if (spf()) {
            b[1] = (byte) subpageCode();
            ScsiBytes.put16(b, 2, body.length);
        } else {
            b[1] = (byte) ScsiBytes.checkRange("page length", body.length, 0xFF);
        }
        System.arraycopy(body, 0, b, hdr, body.length);
        return b;
    }

    /**
     * Parses the pages in {@code b[off..end)}.
     *
     * @param base the offset of {@code b[0]} in the parameter list, for field pointers
     * @param truncatable true for MODE SENSE data cut by the allocation length: a partial last page
     *     is left out instead of rejected
     * @throws InvalidParameterListException when a page overruns {@code end}
     */
    static List<ModePage> parseAll(byte[] b, int off, int end, int base, boolean truncatable) {
        List<ModePage> pages = new ArrayList<>();
        while (off + 2 <= end) {
            boolean ps = (b[off] & 0x80) != 0;
            boolean spf = (b[off] & 0x40) != 0;
            int code = b[off] & 0x3F;
            int hdr = spf ? 4 : 2;
            if (off + hdr > end) {
                if (truncatable) {
                    return pages;
                }
                throw InvalidParameterListException.lengthError("sub_page header overruns the mode data", base + off);
            }
            int len = spf ? ScsiBytes.u16(b, off + 2) : ScsiBytes.u8(b, off + 1);
            if (off + hdr + len > end) {
                if (truncatable) {
                    return pages;
                }
                throw InvalidParameterListException.lengthError(
                        String.format("mode page 0x%02X length %d overruns the mode data (SPC-4 §7.5.7)", code, len),
                        base + off + 1);
            }
            byte[] body = java.util.Arrays.copyOfRange(b, off + hdr, off + hdr + len);
            pages.add(parse(ps, spf, code, spf ? ScsiBytes.u8(b, off + 1) : 0, body));
            off += hdr + len;
        }
        if (off != end && !truncatable) {
            throw InvalidParameterListException.lengthError("trailing byte after the mode pages", base + off);
        }
        return pages;
    }

    private static ModePage parse(boolean ps, boolean spf, int code, int subpage, byte[] body) {
        if (!spf) {
            switch (code) {
                case READ_WRITE_ERROR_RECOVERY:
                    if (body.length == ReadWriteErrorRecoveryPage.PAGE_LENGTH) {
                        return ReadWriteErrorRecoveryPage.parseBody(ps, body);
                    }
                    break;
                case CACHING:
                    if (body.length == CachingPage.PAGE_LENGTH) {
                        return CachingPage.parseBody(ps, body);
                    }
                    break;
                case CONTROL:
                    if (body.length == ControlPage.PAGE_LENGTH) {
                        return ControlPage.parseBody(ps, body);
                    }
                    break;
                case INFORMATIONAL_EXCEPTIONS_CONTROL:
                    if (body.length == InformationalExceptionsControlPage.PAGE_LENGTH) {
                        return InformationalExceptionsControlPage.parseBody(ps, body);
                    }
                    break;
                default:
                    break;
            }
        }
        // Unmodelled pages, sub-pages, and modelled pages with an unexpected length are kept verbatim.
        return new UnknownModePage(code, subpage, spf, ps, ImmutableBytes.of(body));
    }
}
