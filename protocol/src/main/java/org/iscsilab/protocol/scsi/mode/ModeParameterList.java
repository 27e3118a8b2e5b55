package org.iscsilab.protocol.scsi.mode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Mode parameter data: header, block descriptors and pages (SPC-4 §7.5.4-7.5.6), as returned by
 * MODE SENSE (6)/(10) and sent with MODE SELECT (6)/(10).
 *
 * @param mediumType MEDIUM TYPE (0 for SBC)
 * @param deviceSpecificParameter DEVICE-SPECIFIC PARAMETER (SBC-3 §6.4.1: WP bit 7, DPOFUA bit 4)
 * @param longLba LONGLBA: 16-byte block descriptors (10-byte header only)
 * @param blockDescriptors block descriptors
 * @param pages mode pages
 */
public record ModeParameterList(int mediumType, int deviceSpecificParameter, boolean longLba,
        List<BlockDescriptor> blockDescriptors, List<ModePage> pages) {

    /** WP bit of the device-specific parameter. */
    public static final int WP = 0x80;
    /** DPOFUA bit of the device-specific parameter. */
    public static final int DPOFUA = 0x10;

    public ModeParameterList {
        ScsiBytes.checkRange("medium type", mediumType, 0xFF);
        ScsiBytes.checkRange("device-specific parameter", deviceSpecificParameter, 0xFF);
        blockDescriptors = List.copyOf(blockDescriptors);
        pages = List.copyOf(pages);
    }

    /** A direct-access list: WP and DPOFUA as given, one block descriptor or none. */
    public static ModeParameterList of(boolean writeProtected, boolean dpofua, Optional<BlockDescriptor> descriptor,
            List<ModePage> pages) {
        return new ModeParameterList(0, (writeProtected ? WP : 0) | (dpofua ? DPOFUA : 0), false,
                descriptor.map(List::of).orElse(List.of()), pages);
    }

    /** WP: the medium is write protected. */
    public boolean writeProtected() {
        return (deviceSpecificParameter & WP) != 0;
    }

    /** DPOFUA: DPO and FUA are supported. */
    public boolean dpofua() {
        return (deviceSpecificParameter & DPOFUA) != 0;
    }

    /** The first page with {@code pageCode} (page_0 format or subpage 0). */
    public Optional<ModePage> page(int pageCode) {
        return pages.stream().filter(p -> p.pageCode() == pageCode && p.subpageCode() == 0).findFirst();
    }

    /** The caching page, if present and well-formed. */
    public Optional<CachingPage> cachingPage() {
        return page(ModePage.CACHING).filter(CachingPage.class::isInstance).map(CachingPage.class::cast);
    }

    // ---------------------------------------------------------------- encoding

    /** MODE SENSE(6) / MODE SELECT(6) form: 4-byte header, short descriptors (SPC-4 §7.5.5). */
    public byte[] toBytes6() {
        if (longLba) {
            throw new IllegalStateException("LONGLBA needs the 10-byte header");
        }
        byte[] pagesBytes = pagesBytes();
        int bdl = blockDescriptors.size() * BlockDescriptor.SHORT_LENGTH;
        byte[] b = new byte[4 + bdl + pagesBytes.length];
        ScsiBytes.checkRange("mode data length", b.length - 1, 0xFF);
        ScsiBytes.checkRange("block descriptor length", bdl, 0xFF);
        b[0] = (byte) (b.length - 1); // MODE DATA LENGTH excludes itself
        b[1] = (byte) mediumType;
        b[2] = (byte) deviceSpecificParameter;
        b[3] = (byte) bdl;
        for (int i = 0; i < blockDescriptors.size(); i++) {
            blockDescriptors.get(i).writeShort(b, 4 + i * BlockDescriptor.SHORT_LENGTH);
        }
        System.arraycopy(pagesBytes, 0, b, 4 + bdl, pagesBytes.length);
        return b;
    }

    /** MODE SENSE(10) / MODE SELECT(10) form: 8-byte header, short or long descriptors. */
    public byte[] toBytes10() {
        byte[] pagesBytes = pagesBytes();
        int each = longLba ? BlockDescriptor.LONG_LENGTH : BlockDescriptor.SHORT_LENGTH;
        int bdl = blockDescriptors.size() * each;
        byte[] b = new byte[8 + bdl + pagesBytes.length];
        ScsiBytes.checkRange("mode data length", b.length - 2, 0xFFFF);
        ScsiBytes.put16(b, 0, b.length - 2);
        b[2] = (byte) mediumType;
        b[3] = (byte) deviceSpecificParameter;
        b[4] = (byte) (longLba ? 1 : 0);
        ScsiBytes.put16(b, 6, bdl);
        for (int i = 0; i < blockDescriptors.size(); i++) {
            if (longLba) {
                blockDescriptors.get(i).writeLong(b, 8 + i * each);
            } else {
                blockDescriptors.get(i).writeShort(b, 8 + i * each);
            }
        }
        System.arraycopy(pagesBytes, 0, b, 8 + bdl, pagesBytes.length);
        return b;
    }

    private byte[] pagesBytes() {
        List<byte[]> parts = new ArrayList<>();
        int len = 0;
        for (ModePage p : pages) {
            byte[] pb = p.toBytes();
            parts.add(pb);
            len += pb.length;
        }
        byte[] out = new byte[len];
        int off = 0;
        for (byte[] pb : parts) {
            System.arraycopy(pb, 0, out, off, pb.length);
            off += pb.length;
        }
        return out;
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Parses MODE SENSE(6) data. The MODE DATA LENGTH bounds the data; data cut short by the
     * allocation length (SPC-4 §4.2.5.6) is parsed as far as it goes: a block descriptor or page
     * cut in the middle is left out.
     *
     * @throws InvalidParameterListException when fewer bytes than the header are given, or the
     *     BLOCK DESCRIPTOR LENGTH is not a multiple of the descriptor size
     */
    public static ModeParameterList parseSense6(byte[] b) {
        need(b, 4);
        return parse(b, false, Math.min(b.length, 1 + ScsiBytes.u8(b, 0)), true);
    }

    /** Parses MODE SENSE(10) data; see {@link #parseSense6}. */
    public static ModeParameterList parseSense10(byte[] b) {
        need(b, 8);
        return parse(b, true, Math.min(b.length, 2 + ScsiBytes.u16(b, 0)), true);
    }

    /**
     * Parses a MODE SELECT(6) parameter list of exactly {@code b.length} bytes (the PARAMETER LIST
     * LENGTH). MODE DATA LENGTH is reserved in MODE SELECT and ignored (SPC-4 §7.5.5).
     */
    public static ModeParameterList parseSelect6(byte[] b) {
        need(b, 4);
        return parse(b, false, b.length, false);
    }

    /** Parses a MODE SELECT(10) parameter list; see {@link #parseSelect6}. */
    public static ModeParameterList parseSelect10(byte[] b) {
        need(b, 8);
        return parse(b, true, b.length, false);
    }

    private static void need(byte[] b, int n) {
        if (b.length < n) {
            throw InvalidParameterListException.lengthError("mode parameter header needs " + n + " bytes, got "
                    + b.length, 0);
        }
    }

    private static ModeParameterList parse(byte[] b, boolean ten, int end, boolean truncatable) {
        int hdr = ten ? 8 : 4;
        if (end < hdr && !truncatable) {
            throw InvalidParameterListException.lengthError("MODE DATA LENGTH shorter than the header", 0);
        }
        int mediumType = ScsiBytes.u8(b, ten ? 2 : 1);
        int dsp = ScsiBytes.u8(b, ten ? 3 : 2);
        boolean longLba = ten && ScsiBytes.bit(b, 4, 0);
        int bdl = ten ? ScsiBytes.u16(b, 6) : ScsiBytes.u8(b, 3);
        int each = longLba ? BlockDescriptor.LONG_LENGTH : BlockDescriptor.SHORT_LENGTH;
        if (bdl % each != 0) {
            throw new InvalidParameterListException("BLOCK DESCRIPTOR LENGTH " + bdl + " is not a multiple of "
                    + each + " (SPC-4 §7.5.5)", ten ? 6 : 3);
        }
        if (hdr + bdl > end && !truncatable) {
            throw InvalidParameterListException.lengthError("block descriptors overrun the mode data", ten ? 6 : 3);
        }
        List<BlockDescriptor> descriptors = new ArrayList<>();
        for (int off = hdr; off < hdr + bdl && off + each <= end; off += each) {
            descriptors.add(longLba ? BlockDescriptor.readLong(b, off) : BlockDescriptor.readShort(b, off));
        }
        List<ModePage> pages = hdr + bdl >= end ? List.of() : ModePage.parseAll(b, hdr + bdl, end, 0, truncatable);
        return new ModeParameterList(mediumType, dsp, longLba, descriptors, pages);
    }
}
