package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;

/**
 * A parsed command descriptor block: one record per command family the reference target serves,
 * {@link UnknownCdb} for everything else.
 *
 * <p>{@link #parse(byte[])} never throws for an unknown opcode; for a known opcode it throws
 * {@link InvalidCdbException} (with the field pointer) when the CDB is too short, sets a reserved
 * bit, or holds a forbidden field value. Trailing bytes past the command's CDB length (the zero
 * padding of the 16-byte iSCSI CDB field, RFC 7143 §11.3.5) are ignored. Records only hold valid
 * CDBs; build a broken one with {@link CdbBuilder}.
 */
public sealed interface Cdb
        permits TestUnitReady, RequestSense, Inquiry, ReportLuns, ReadCapacity10, ReadCapacity16, Read, Write,
                Verify, WriteAndVerify, WriteSame, Unmap, CompareAndWrite, SynchronizeCache, PreFetch, ModeSense,
                ModeSelect, StartStopUnit, PreventAllowMediumRemoval, ReportSupportedOperationCodes, GetLbaStatus,
                PersistentReserveIn, PersistentReserveOut, Reserve6, Release6, UnknownCdb {

    /** The OPERATION CODE. */
    Opcode opcode();

    /** The CONTROL byte (SAM-5 §5.2: NACA bit 2, vendor bits 7-6), kept verbatim. */
    int control();

    /** The CDB bytes, exactly the command's CDB length. */
    byte[] toBytes();

    /** The command's name, e.g. "READ(16)" or "READ CAPACITY(16)". */
    String name();

    /**
     * Direction of the command's data transfer. For commands whose length field is zero the
     * transfer is empty and the iSCSI R/W bits may be clear.
     */
    DataDirection dataDirection();

    /**
     * Expected data transfer length in bytes (the iSCSI EDTL) for a logical block size of
     * {@code blockSize}: block count × block size for media commands, the allocation or parameter
     * list length otherwise.
     */
    long expectedDataTransferLength(int blockSize);

    /** The LBA range the command addresses, for media-access commands. */
    default Optional<LbaRange> lbaRange() {
        return Optional.empty();
    }

    /**
     * True for commands that change the medium and so end in DATA PROTECT / WRITE PROTECTED on a
     * write-protected logical unit (SBC-3 §4.12): WRITE, WRITE AND VERIFY, WRITE SAME,
     * COMPARE AND WRITE, UNMAP.
     */
    default boolean writesMedium() {
        return this instanceof Write || this instanceof WriteAndVerify || this instanceof WriteSame
                || this instanceof CompareAndWrite || this instanceof Unmap;
    }

    /** A short human description used in diagnoses, e.g. "READ(16) LBA 0 blocks 0". */
    default String describe() {
        return name();
    }

    /**
     * Parses a CDB.
     *
     * @param cdb the CDB bytes (trailing padding allowed)
     * @return the command's record, or {@link UnknownCdb} when the opcode (or service action) is
     *     not modelled
     * @throws InvalidCdbException when {@code cdb} is empty or a known command is malformed
     */
    static Cdb parse(byte[] cdb) {
        if (cdb.length == 0) {
            throw new InvalidCdbException(Opcode.TEST_UNIT_READY, "empty CDB",
                    org.iscsilab.protocol.scsi.FieldPointer.cdb(0));
        }
        return switch (cdb[0] & 0xFF) {
            case 0x00 -> TestUnitReady.parse(cdb);
            case 0x03 -> RequestSense.parse(cdb);
            case 0x12 -> Inquiry.parse(cdb);
            case 0xA0 -> ReportLuns.parse(cdb);
            case 0x25 -> ReadCapacity10.parse(cdb);
            case 0x08, 0x28, 0xA8, 0x88 -> Read.parse(cdb);
            case 0x0A, 0x2A, 0xAA, 0x8A -> Write.parse(cdb);
            case 0x2F, 0xAF, 0x8F -> Verify.parse(cdb);
            case 0x2E, 0xAE, 0x8E -> WriteAndVerify.parse(cdb);
            case 0x41, 0x93 -> WriteSame.parse(cdb);
            case 0x42 -> Unmap.parse(cdb);
            case 0x89 -> CompareAndWrite.parse(cdb);
            case 0x35, 0x91 -> SynchronizeCache.parse(cdb);
            case 0x34, 0x90 -> PreFetch.parse(cdb);
            case 0x1A, 0x5A -> ModeSense.parse(cdb);
            case 0x15, 0x55 -> ModeSelect.parse(cdb);
            case 0x1B -> StartStopUnit.parse(cdb);
            case 0x1E -> PreventAllowMediumRemoval.parse(cdb);
            case 0x5E -> PersistentReserveIn.parse(cdb);
            case 0x5F -> PersistentReserveOut.parse(cdb);
            case 0x16 -> Reserve6.parse(cdb);
            case 0x17 -> Release6.parse(cdb);
            case 0x9E -> parseServiceActionIn16(cdb);
            case 0xA3 -> parseMaintenanceIn(cdb);
            default -> UnknownCdb.of(cdb);
        };
    }

    private static Cdb parseServiceActionIn16(byte[] cdb) {
        if (cdb.length < 2) {
            return UnknownCdb.of(cdb);
        }
        return switch (cdb[1] & 0x1F) {
            case 0x10 -> ReadCapacity16.parse(cdb);
            case 0x12 -> GetLbaStatus.parse(cdb);
            default -> UnknownCdb.of(cdb);
        };
    }

    private static Cdb parseMaintenanceIn(byte[] cdb) {
        if (cdb.length >= 2 && (cdb[1] & 0x1F) == 0x0C) {
            return ReportSupportedOperationCodes.parse(cdb);
        }
        return UnknownCdb.of(cdb);
    }

    /**
     * The command name for raw CDB bytes, even malformed or truncated ones: the service action's
     * name where the opcode has one ("READ CAPACITY(16)"), else the opcode's ("READ(16)").
     */
    static String nameOf(byte[] cdb) {
        if (cdb.length == 0) {
            return "EMPTY CDB";
        }
        Opcode op = Opcode.of(cdb[0]);
        if (op.hasServiceAction() && cdb.length >= 2) {
            return new ServiceAction(op, cdb[1] & 0x1F).name();
        }
        return op.name();
    }

    /**
     * A description for raw CDB bytes as the pcap analyser needs it: the record's
     * {@link #describe()} when it parses, else the name and the hex bytes.
     */
    static String describe(byte[] cdb) {
        try {
            return parse(cdb).describe();
        } catch (InvalidCdbException e) {
            return nameOf(cdb) + " (malformed: " + e.getMessage() + ")";
        }
    }
}
