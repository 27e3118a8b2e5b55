package org.iscsilab.testfixtures.scsi;

import java.util.List;
import org.iscsilab.protocol.scsi.cdb.Cdb;
import org.iscsilab.protocol.scsi.cdb.CompareAndWrite;
import org.iscsilab.protocol.scsi.cdb.GetLbaStatus;
import org.iscsilab.protocol.scsi.cdb.Inquiry;
import org.iscsilab.protocol.scsi.cdb.ModeSelect;
import org.iscsilab.protocol.scsi.cdb.ModeSense;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveIn;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveOut;
import org.iscsilab.protocol.scsi.cdb.PreFetch;
import org.iscsilab.protocol.scsi.cdb.PreventAllowMediumRemoval;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity10;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity16;
import org.iscsilab.protocol.scsi.cdb.Release6;
import org.iscsilab.protocol.scsi.cdb.ReportLuns;
import org.iscsilab.protocol.scsi.cdb.ReportSupportedOperationCodes;
import org.iscsilab.protocol.scsi.cdb.RequestSense;
import org.iscsilab.protocol.scsi.cdb.Reserve6;
import org.iscsilab.protocol.scsi.cdb.StartStopUnit;
import org.iscsilab.protocol.scsi.cdb.SynchronizeCache;
import org.iscsilab.protocol.scsi.cdb.TestUnitReady;
import org.iscsilab.protocol.scsi.cdb.Unmap;
import org.iscsilab.protocol.scsi.cdb.Verify;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.protocol.scsi.cdb.WriteAndVerify;
import org.iscsilab.protocol.scsi.cdb.WriteSame;
import org.iscsilab.protocol.scsi.mode.PageControl;
import org.iscsilab.protocol.scsi.pr.PrInServiceAction;
import org.iscsilab.protocol.scsi.pr.PrOutServiceAction;
import org.iscsilab.protocol.scsi.pr.ReservationType;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators of valid CDB records, shared with the target and conformance tests. */
public final class CdbGenerators {
    private CdbGenerators() {}

    /** 0..255. */
    public static Gen<Integer> u8() {
        return Generate.range(0, 0xFF);
    }

    /** 0..65535. */
    public static Gen<Integer> u16() {
        return Generate.range(0, 0xFFFF);
    }

    /** 0..2^32-1. */
    public static Gen<Long> u32() {
        return Generate.longRange(0, 0xFFFF_FFFFL);
    }

    /** Any 64-bit value (SCSI LBAs are unsigned). */
    public static Gen<Long> u64() {
        return Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Booleans. */
    public static Gen<Boolean> bool() {
        return Generate.booleans();
    }

    /** 0..{@code max}. */
    public static Gen<Integer> upTo(int max) {
        return Generate.range(0, max);
    }

    private static Gen<Long> lba(int len) {
        return len == 6 ? Generate.longRange(0, 0x1F_FFFF) : len == 16 ? u64() : u32();
    }

    private static Gen<Long> length(int len) {
        return len == 10 ? Generate.longRange(0, 0xFFFF) : u32();
    }

    /** READ (6/10/12/16). */
    public static Gen<Read> reads() {
        return in -> {
            int len = Generate.pick(List.of(6, 10, 12, 16)).generate(in);
            if (len == 6) {
                return new Read(6, 0, false, false, false, lba(6).generate(in), Generate.range(1, 256).generate(in), 0,
                        u8().generate(in));
            }
            return new Read(len, upTo(7).generate(in), bool().generate(in), bool().generate(in), bool().generate(in),
                    lba(len).generate(in), length(len).generate(in), upTo(31).generate(in), u8().generate(in));
        };
    }

    /** WRITE (6/10/12/16). */
    public static Gen<Write> writes() {
        return reads().map(r -> new Write(r.cdbLength(), r.rdprotect(), r.dpo(), r.fua(), r.fuaNv(), r.lba(),
                r.transferLength(), r.groupNumber(), r.control()));
    }

    /** VERIFY (10/12/16). */
    public static Gen<Verify> verifies() {
        return in -> {
            int len = Generate.pick(List.of(10, 12, 16)).generate(in);
            return new Verify(len, upTo(7).generate(in), bool().generate(in), Generate.pick(List.of(0, 1, 3)).generate(in),
                    lba(len).generate(in), length(len).generate(in), upTo(31).generate(in), u8().generate(in));
        };
    }

    /** WRITE AND VERIFY (10/12/16). */
    public static Gen<WriteAndVerify> writeAndVerifies() {
        return in -> {
            int len = Generate.pick(List.of(10, 12, 16)).generate(in);
            return new WriteAndVerify(len, upTo(7).generate(in), bool().generate(in), bool().generate(in),
                    lba(len).generate(in), length(len).generate(in), upTo(31).generate(in), u8().generate(in));
        };
    }

    /** WRITE SAME (10/16). */
    public static Gen<WriteSame> writeSames() {
        return in -> {
            int len = Generate.pick(List.of(10, 16)).generate(in);
            boolean unmap = bool().generate(in);
            return new WriteSame(len, upTo(7).generate(in), unmap && bool().generate(in), unmap,
                    len == 16 && bool().generate(in), lba(len).generate(in), length(len).generate(in),
                    upTo(31).generate(in), u8().generate(in));
        };
    }

    /** SYNCHRONIZE CACHE (10/16). */
    public static Gen<SynchronizeCache> synchronizeCaches() {
        return in -> {
            int len = Generate.pick(List.of(10, 16)).generate(in);
            return new SynchronizeCache(len, bool().generate(in), bool().generate(in), lba(len).generate(in),
                    length(len).generate(in), upTo(31).generate(in), u8().generate(in));
        };
    }

    /** PRE-FETCH (10/16). */
    public static Gen<PreFetch> preFetches() {
        return in -> {
            int len = Generate.pick(List.of(10, 16)).generate(in);
            return new PreFetch(len, bool().generate(in), lba(len).generate(in), length(len).generate(in),
                    upTo(31).generate(in), u8().generate(in));
        };
    }

    /** MODE SENSE (6/10). */
    public static Gen<ModeSense> modeSenses() {
        return in -> {
            int len = Generate.pick(List.of(6, 10)).generate(in);
            return new ModeSense(len, len == 10 && bool().generate(in), bool().generate(in),
                    Generate.enumValues(PageControl.class).generate(in), upTo(0x3F).generate(in), u8().generate(in),
                    len == 6 ? u8().generate(in) : u16().generate(in), u8().generate(in));
        };
    }

    /** MODE SELECT (6/10). */
    public static Gen<ModeSelect> modeSelects() {
        return in -> {
            int len = Generate.pick(List.of(6, 10)).generate(in);
            return new ModeSelect(len, bool().generate(in), bool().generate(in),
                    len == 6 ? u8().generate(in) : u16().generate(in), u8().generate(in));
        };
    }

    /** Every other command family. */
    public static Gen<Cdb> others() {
        Gen<Cdb> tur = u8().map(c -> (Cdb) new TestUnitReady(c));
        Gen<Cdb> rs = in -> new RequestSense(bool().generate(in), u8().generate(in), u8().generate(in));
        Gen<Cdb> inq = in -> {
            boolean evpd = bool().generate(in);
            return new Inquiry(evpd, evpd ? u8().generate(in) : 0, u16().generate(in), u8().generate(in));
        };
        Gen<Cdb> rl = in -> new ReportLuns(u8().generate(in), u32().generate(in), u8().generate(in));
        Gen<Cdb> rc10 = in -> {
            boolean pmi = bool().generate(in);
            return new ReadCapacity10(pmi ? u32().generate(in) : 0, pmi, u8().generate(in));
        };
        Gen<Cdb> rc16 = in -> {
            boolean pmi = bool().generate(in);
            return new ReadCapacity16(pmi ? u64().generate(in) : 0, pmi, u32().generate(in), u8().generate(in));
        };
        Gen<Cdb> caw = in -> new CompareAndWrite(upTo(7).generate(in), bool().generate(in), bool().generate(in),
                bool().generate(in), u64().generate(in), u8().generate(in), upTo(31).generate(in), u8().generate(in));
        Gen<Cdb> unmap = in -> new Unmap(bool().generate(in), upTo(31).generate(in), u16().generate(in),
                u8().generate(in));
        Gen<Cdb> ssu = in -> new StartStopUnit(bool().generate(in), upTo(15).generate(in), upTo(15).generate(in),
                bool().generate(in), bool().generate(in), bool().generate(in), u8().generate(in));
        Gen<Cdb> pamr = in -> new PreventAllowMediumRemoval(upTo(3).generate(in), u8().generate(in));
        Gen<Cdb> rsoc = in -> new ReportSupportedOperationCodes(bool().generate(in), upTo(3).generate(in),
                u8().generate(in), u16().generate(in), u32().generate(in), u8().generate(in));
        Gen<Cdb> gls = in -> new GetLbaStatus(u64().generate(in), u32().generate(in), u8().generate(in));
        Gen<Cdb> prin = in -> new PersistentReserveIn(new PrInServiceAction(upTo(3).generate(in)), u16().generate(in),
                u8().generate(in));
        Gen<Cdb> prout = in -> new PersistentReserveOut(new PrOutServiceAction(upTo(7).generate(in)),
                upTo(15).generate(in), new ReservationType(upTo(15).generate(in)), u32().generate(in),
                u8().generate(in));
        Gen<Cdb> res = u8().map(c -> (Cdb) new Reserve6(c));
        Gen<Cdb> rel = u8().map(c -> (Cdb) new Release6(c));
        return Generate.oneOf(tur, rs, inq, rl, rc10, rc16, caw, unmap, ssu, pamr, rsoc, gls, prin, prout, res, rel);
    }

    /** Any valid modelled CDB. */
    public static Gen<Cdb> cdbs() {
        return Generate.oneOf(reads().map(c -> (Cdb) c), writes().map(c -> (Cdb) c), verifies().map(c -> (Cdb) c),
                writeAndVerifies().map(c -> (Cdb) c), writeSames().map(c -> (Cdb) c),
                synchronizeCaches().map(c -> (Cdb) c), preFetches().map(c -> (Cdb) c), modeSenses().map(c -> (Cdb) c),
                modeSelects().map(c -> (Cdb) c), others());
    }

    /** Arbitrary byte arrays of 0..20 bytes, biased to start with a modelled opcode. */
    public static Gen<byte[]> arbitraryCdbBytes() {
        Gen<Integer> opcodes = Generate.pick(List.of(0x00, 0x03, 0x08, 0x0A, 0x12, 0x15, 0x16, 0x17, 0x1A, 0x1B, 0x1E,
                0x25, 0x28, 0x2A, 0x2E, 0x2F, 0x34, 0x35, 0x41, 0x42, 0x55, 0x5A, 0x5E, 0x5F, 0x88, 0x89, 0x8A, 0x8E,
                0x8F, 0x90, 0x91, 0x93, 0x9E, 0xA0, 0xA3, 0xA8, 0xAA, 0xAE, 0xAF));
        return in -> {
            byte[] b = Generate.byteArrays(Generate.range(0, 20), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                    .generate(in);
            if (b.length > 0 && bool().generate(in)) {
                b[0] = (byte) (int) opcodes.generate(in);
                if (b.length > 1 && bool().generate(in)) {
                    b[1] = (byte) (b[1] & 0x1F); // plausible service action / few flags
                }
            }
            return b;
        };
    }

    /**
     * A valid CDB with one reserved bit set, and where a device server must point at it.
     *
     * @param cdb the broken CDB
     * @param byteOffset the byte of the reserved bit
     * @param bit the reserved bit
     * @param original the valid command it was made from
     */
    public record ReservedBitCase(byte[] cdb, int byteOffset, int bit, Cdb original) {
        @Override
        public String toString() {
            return original.describe() + " with byte " + byteOffset + " bit " + bit + " set: "
                    + java.util.HexFormat.of().formatHex(cdb);
        }
    }

    /**
     * Valid CDBs with one reserved bit set, for conformance tests expecting ILLEGAL REQUEST /
     * INVALID FIELD IN CDB with that field pointer. Reserved bits are those the CDB usage data of
     * {@link org.iscsilab.protocol.scsi.cdb.OneCommandData#forCommand} leaves clear, outside the
     * opcode, service action and CONTROL bytes; generated CDBs without such a bit are skipped.
     */
    public static Gen<ReservedBitCase> reservedBitViolations() {
        return cdbs().flatMap(cdb -> {
            byte[] usage = org.iscsilab.protocol.scsi.cdb.OneCommandData.forCommand(cdb, java.util.Optional.empty())
                    .cdbUsageData().toArray();
            java.util.List<int[]> reserved = new java.util.ArrayList<>();
            boolean sa = cdb.opcode().hasServiceAction();
            for (int i = 1; i < usage.length - 1; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    if (sa && i == 1 && bit < 5) {
                        continue;
                    }
                    if ((usage[i] & (1 << bit)) == 0) {
                        reserved.add(new int[] {i, bit});
                    }
                }
            }
            if (reserved.isEmpty()) {
                return Generate.constant((ReservedBitCase) null);
            }
            return Generate.pick(reserved).map(rb -> {
                byte[] b = cdb.toBytes();
                b[rb[0]] |= (byte) (1 << rb[1]);
                return new ReservedBitCase(b, rb[0], rb[1], cdb);
            });
        }).assuming(java.util.Objects::nonNull);
    }
}
