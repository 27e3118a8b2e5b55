package org.iscsilab.protocol.scsi.inquiry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Device Identification, page 0x83 (SPC-4 §7.8.6): a list of designation descriptors.
 *
 * @param designators the descriptors in order
 */
public record DeviceIdentificationPage(List<Designator> designators) implements VpdPage {
    public DeviceIdentificationPage {
        designators = List.copyOf(designators);
    }

    /** The first designator of {@code type} with {@code association}. */
    public Optional<Designator> find(int type, int association) {
        return designators.stream().filter(d -> d.designatorType() == type && d.association() == association)
                .findFirst();
    }

    @Override
    public int pageCode() {
        return DEVICE_IDENTIFICATION;
    }

    @Override
    public byte[] body() {
        int len = designators.stream().mapToInt(Designator::length).sum();
        ScsiBytes.checkRange("page length", len, 0xFFFF);
        byte[] b = new byte[len];
        int off = 0;
        for (Designator d : designators) {
            d.write(b, off);
            off += d.length();
        }
        return b;
    }

    /** @throws InvalidParameterListException when a descriptor overruns the page (offset relative to the page) */
    static DeviceIdentificationPage parseBody(byte[] body) {
        List<Designator> list = new ArrayList<>();
        int off = 0;
        while (off + 4 <= body.length) {
            int len = body[off + 3] & 0xFF;
            if (off + 4 + len > body.length) {
                throw InvalidParameterListException.lengthError(
                        "designation descriptor overruns the Device Identification page (SPC-4 §7.8.6.1)", 4 + off + 3);
            }
            list.add(new Designator(ScsiBytes.bits(body, off, 7, 4), ScsiBytes.bits(body, off, 3, 0),
                    ScsiBytes.bit(body, off + 1, 7), ScsiBytes.bits(body, off + 1, 5, 4),
                    ScsiBytes.bits(body, off + 1, 3, 0), ImmutableBytes.of(body, off + 4, len)));
            off += 4 + len;
        }
        return new DeviceIdentificationPage(list);
    }
}
