package org.iscsilab.protocol.scsi.mode;

import java.util.List;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * The device server's check of a page sent with MODE SELECT against the current values and the
 * changeable mask (SPC-4 §6.11, §7.5.7): a page of another length, the PS bit set, or a bit that
 * differs from the current value where the mask says it cannot change is INVALID FIELD IN
 * PARAMETER LIST with a pointer to that byte and bit.
 */
public final class ModeSelectCheck {
    private ModeSelectCheck() {}

    /**
     * Checks {@code requested} and returns it as the new current page.
     *
     * @param current the page's current values
     * @param changeable the page's changeable mask (same page, 1 = may change)
     * @param requested the page from the MODE SELECT parameter list
     * @param offsetInList where {@code requested} starts in the parameter list, for the field pointer
     * @throws InvalidParameterListException at the first offending byte and bit
     */
    public static ModePage apply(ModePage current, ModePage changeable, ModePage requested, int offsetInList) {
        byte[] cur = current.toBytes();
        byte[] mask = changeable.toBytes();
        byte[] req = requested.toBytes();
        if (requested.ps()) {
            // PS is reserved in MODE SELECT (SPC-4 §7.5.7)
            throw new InvalidParameterListException("PS bit set in a MODE SELECT page",
                    FieldPointer.parameter(offsetInList, 7), AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        int header = requested.spf() ? 4 : 2;
        if (requested.pageCode() != current.pageCode() || requested.subpageCode() != current.subpageCode()
                || requested.spf() != current.spf()) {
            throw new InvalidParameterListException("MODE SELECT page does not match", offsetInList);
        }
        if (req.length != cur.length) {
            throw new InvalidParameterListException("PAGE LENGTH " + (req.length - header) + " differs from the "
                    + (cur.length - header) + " the device server reports (SPC-4 §7.5.7)",
                    offsetInList + (requested.spf() ? 2 : 1));
        }
        for (int i = header; i < req.length; i++) {
            int bad = (req[i] ^ cur[i]) & ~(i < mask.length ? mask[i] : 0) & 0xFF;
            if (bad != 0) {
                int bit = 31 - Integer.numberOfLeadingZeros(bad);
                throw new InvalidParameterListException("bit not changeable in mode page 0x"
                        + Integer.toHexString(requested.pageCode()),
                        FieldPointer.parameter(offsetInList + i, bit), AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
            }
        }
        return ModePage.parseAll(req, 0, req.length, offsetInList, false).get(0);
    }

    /** Checks every page of a MODE SELECT list; pages are located by re-encoding the list. */
    public static List<ModePage> applyAll(List<ModePage> current, List<ModePage> changeable,
            ModeParameterList requested, boolean ten) {
        int offset = (ten ? 8 : 4) + requested.blockDescriptors().size()
                * (requested.longLba() ? BlockDescriptor.LONG_LENGTH : BlockDescriptor.SHORT_LENGTH);
        java.util.ArrayList<ModePage> result = new java.util.ArrayList<>(current);
        for (ModePage r : requested.pages()) {
            int idx = indexOf(current, r);
            if (idx < 0 || indexOf(changeable, r) < 0) {
                throw new InvalidParameterListException(String.format("mode page 0x%02X not supported", r.pageCode()),
                        offset);
            }
            result.set(idx, apply(current.get(idx), changeable.get(indexOf(changeable, r)), r, offset));
            offset += r.toBytes().length;
        }
        return List.copyOf(result);
    }

    private static int indexOf(List<ModePage> pages, ModePage p) {
        for (int i = 0; i < pages.size(); i++) {
            if (pages.get(i).pageCode() == p.pageCode() && pages.get(i).subpageCode() == p.subpageCode()
                    && pages.get(i).spf() == p.spf()) {
                return i;
            }
        }
        return -1;
    }
}
