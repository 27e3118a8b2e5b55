package org.iscsilab.protocol.scsi.pr;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PERSISTENT RESERVE IN / READ KEYS parameter data (SPC-4 §6.15.2).
 *
 * @param prGeneration PRGENERATION (32 bits)
 * @param keys the registered reservation keys
 */
public record ReadKeysData(long prGeneration, List<Long> keys) {
    public ReadKeysData {
        ScsiBytes.checkRange("PRGENERATION", prGeneration, 0xFFFF_FFFFL);
        keys = List.copyOf(keys);
    }

    /** The data bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[8 + 8 * keys.size()];
        ScsiBytes.put32(b, 0, prGeneration);
        ScsiBytes.put32(b, 4, 8L * keys.size());
        for (int i = 0; i < keys.size(); i++) {
            ScsiBytes.put64(b, 8 + 8 * i, keys.get(i));
        }
        return b;
    }

    /** Parses the data; keys cut by the allocation length are left out. */
    public static ReadKeysData parse(byte[] b) {
        PrInHeader.need(b, 8);
        long end = Math.min(b.length, 8 + ScsiBytes.u32(b, 4));
        List<Long> keys = new ArrayList<>();
        for (int off = 8; off + 8 <= end; off += 8) {
            keys.add(ScsiBytes.u64(b, off));
        }
        return new ReadKeysData(ScsiBytes.u32(b, 0), keys);
    }
}

