package org.iscsilab.protocol.scsi.mode;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Caching mode page 0x08 (SBC-3 §6.4.5), PAGE LENGTH 0x12. WCE is what a format tool checks
 * before it decides to flush with SYNCHRONIZE CACHE.
 *
 * @param ps PS
 * @param ic IC
 * @param abpf ABPF
 * @param cap CAP
 * @param disc DISC
 * @param size SIZE
 * @param wce WCE: write cache enabled
 * @param mf MF
 * @param rcd RCD: read cache disabled
 * @param demandReadRetentionPriority DEMAND READ RETENTION PRIORITY, 0..15
 * @param writeRetentionPriority WRITE RETENTION PRIORITY, 0..15
 * @param disablePrefetchTransferLength DISABLE PRE-FETCH TRANSFER LENGTH
 * @param minimumPrefetch MINIMUM PRE-FETCH
 * @param maximumPrefetch MAXIMUM PRE-FETCH
 * @param maximumPrefetchCeiling MAXIMUM PRE-FETCH CEILING
 * @param fsw FSW
 * @param lbcss LBCSS
 * @param dra DRA
 * @param nvDis NV_DIS
 * @param numberOfCacheSegments NUMBER OF CACHE SEGMENTS
 * @param cacheSegmentSize CACHE SEGMENT SIZE
 */
public record CachingPage(boolean ps, boolean ic, boolean abpf, boolean cap, boolean disc, boolean size, boolean wce,
        boolean mf, boolean rcd, int demandReadRetentionPriority, int writeRetentionPriority,
        int disablePrefetchTransferLength, int minimumPrefetch, int maximumPrefetch, int maximumPrefetchCeiling,
        boolean fsw, boolean lbcss, boolean dra, boolean nvDis, int numberOfCacheSegments, int cacheSegmentSize)
        implements ModePage {

    /** PAGE LENGTH. */
    public static final int PAGE_LENGTH = 0x12;

    public CachingPage {
        ScsiBytes.checkRange("demand read retention priority", demandReadRetentionPriority, 0xF);
        ScsiBytes.checkRange("write retention priority", writeRetentionPriority, 0xF);
        ScsiBytes.checkRange("disable pre-fetch transfer length", disablePrefetchTransferLength, 0xFFFF);
        ScsiBytes.checkRange("minimum pre-fetch", minimumPrefetch, 0xFFFF);
        ScsiBytes.checkRange("maximum pre-fetch", maximumPrefetch, 0xFFFF);
        ScsiBytes.checkRange("maximum pre-fetch ceiling", maximumPrefetchCeiling, 0xFFFF);
        ScsiBytes.checkRange("number of cache segments", numberOfCacheSegments, 0xFF);
        ScsiBytes.checkRange("cache segment size", cacheSegmentSize, 0xFFFF);
    }

    /** A caching page with only WCE and RCD set as given. */
    public static CachingPage of(boolean wce, boolean rcd) {
        return new CachingPage(false, false, false, false, false, false, wce, false, rcd, 0, 0, 0, 0, 0, 0, false,
                false, false, false, 0, 0);
    }

    /** A copy with WCE changed. */
    public CachingPage withWce(boolean on) {
        return new CachingPage(ps, ic, abpf, cap, disc, size, on, mf, rcd, demandReadRetentionPriority,
                writeRetentionPriority, disablePrefetchTransferLength, minimumPrefetch, maximumPrefetch,
                maximumPrefetchCeiling, fsw, lbcss, dra, nvDis, numberOfCacheSegments, cacheSegmentSize);
    }

    @Override
    public int pageCode() {
        return CACHING;
    }

    @Override
    public byte[] body() {
        byte[] b = new byte[PAGE_LENGTH]; // body offset = page offset - 2
        b[0] = (byte) ((ic ? 0x80 : 0) | (abpf ? 0x40 : 0) | (cap ? 0x20 : 0) | (disc ? 0x10 : 0) | (size ? 0x08 : 0)
                | (wce ? 0x04 : 0) | (mf ? 0x02 : 0) | (rcd ? 0x01 : 0));
        b[1] = (byte) ((demandReadRetentionPriority << 4) | writeRetentionPriority);
        ScsiBytes.put16(b, 2, disablePrefetchTransferLength);
        ScsiBytes.put16(b, 4, minimumPrefetch);
        ScsiBytes.put16(b, 6, maximumPrefetch);
        ScsiBytes.put16(b, 8, maximumPrefetchCeiling);
        b[10] = (byte) ((fsw ? 0x80 : 0) | (lbcss ? 0x40 : 0) | (dra ? 0x20 : 0) | (nvDis ? 0x01 : 0));
        b[11] = (byte) numberOfCacheSegments;
        ScsiBytes.put16(b, 12, cacheSegmentSize);
        return b;
    }

    static CachingPage parseBody(boolean ps, byte[] b) {
        return new CachingPage(ps, ScsiBytes.bit(b, 0, 7), ScsiBytes.bit(b, 0, 6), ScsiBytes.bit(b, 0, 5),
                ScsiBytes.bit(b, 0, 4), ScsiBytes.bit(b, 0, 3), ScsiBytes.bit(b, 0, 2), ScsiBytes.bit(b, 0, 1),
                ScsiBytes.bit(b, 0, 0), ScsiBytes.bits(b, 1, 7, 4), ScsiBytes.bits(b, 1, 3, 0), ScsiBytes.u16(b, 2),
                ScsiBytes.u16(b, 4), ScsiBytes.u16(b, 6), ScsiBytes.u16(b, 8), ScsiBytes.bit(b, 10, 7),
                ScsiBytes.bit(b, 10, 6), ScsiBytes.bit(b, 10, 5), ScsiBytes.bit(b, 10, 0), ScsiBytes.u8(b, 11),
                ScsiBytes.u16(b, 12));
    }
}
