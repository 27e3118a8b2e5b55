package org.iscsilab.testfixtures.scsi;

import static org.iscsilab.testfixtures.scsi.CdbGenerators.bool;
import static org.iscsilab.testfixtures.scsi.CdbGenerators.u16;
import static org.iscsilab.testfixtures.scsi.CdbGenerators.u32;
import static org.iscsilab.testfixtures.scsi.CdbGenerators.u64;
import static org.iscsilab.testfixtures.scsi.CdbGenerators.u8;
import static org.iscsilab.testfixtures.scsi.CdbGenerators.upTo;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.inquiry.BlockDeviceCharacteristicsPage;
import org.iscsilab.protocol.scsi.inquiry.BlockLimitsPage;
import org.iscsilab.protocol.scsi.inquiry.Designator;
import org.iscsilab.protocol.scsi.inquiry.DeviceIdentificationPage;
import org.iscsilab.protocol.scsi.inquiry.LogicalBlockProvisioningPage;
import org.iscsilab.protocol.scsi.inquiry.StandardInquiryData;
import org.iscsilab.protocol.scsi.inquiry.SupportedVpdPages;
import org.iscsilab.protocol.scsi.inquiry.UnitSerialNumberPage;
import org.iscsilab.protocol.scsi.inquiry.UnknownVpdPage;
import org.iscsilab.protocol.scsi.inquiry.VpdPage;
import org.iscsilab.protocol.scsi.mode.BlockDescriptor;
import org.iscsilab.protocol.scsi.mode.CachingPage;
import org.iscsilab.protocol.scsi.mode.ControlPage;
import org.iscsilab.protocol.scsi.mode.InformationalExceptionsControlPage;
import org.iscsilab.protocol.scsi.mode.ModePage;
import org.iscsilab.protocol.scsi.mode.ModeParameterList;
import org.iscsilab.protocol.scsi.mode.ReadWriteErrorRecoveryPage;
import org.iscsilab.protocol.scsi.mode.UnknownModePage;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.iscsilab.protocol.scsi.sense.SenseData;
import org.iscsilab.protocol.scsi.sense.SenseDescriptor;
import org.iscsilab.protocol.scsi.sense.SenseFormat;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.iscsilab.protocol.scsi.sense.SenseKeySpecific;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators for sense data, INQUIRY/VPD data and mode parameter lists. */
public final class ScsiDataGenerators {
    private ScsiDataGenerators() {}

    /** Byte arrays of {@code min..max} bytes. */
    public static Gen<byte[]> bytes(int min, int max) {
        return Generate.byteArrays(Generate.range(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    private static Gen<ImmutableBytes> immutable(int min, int max) {
        return bytes(min, max).map((byte[] b) -> ImmutableBytes.of(b));
    }

    /** Printable ASCII without trailing spaces, up to {@code max} characters. */
    public static Gen<String> ascii(int max) {
        return in -> {
            int n = Generate.range(0, max).generate(in);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append((char) (int) Generate.range(0x21, 0x7E).generate(in));
            }
            return sb.toString();
        };
    }

    /** Valid sense data in all four formats. */
    public static Gen<SenseData> senseData() {
        return in -> {
            SenseFormat f = Generate.enumValues(SenseFormat.class).generate(in);
            boolean fixed = !f.isDescriptor();
            OptionalLong info = bool().generate(in)
                    ? OptionalLong.of(fixed ? u32().generate(in) : u64().generate(in)) : OptionalLong.empty();
            long csi = fixed ? u32().generate(in) : u64().generate(in);
            Optional<SenseKeySpecific> sks = bool().generate(in)
                    ? Optional.of(new SenseKeySpecific(0x80_0000 | Generate.range(0, 0x7F_FFFF).generate(in)))
                    : Optional.empty();
            List<SenseDescriptor> others = fixed ? List.of()
                    : org.quicktheories.generators.SourceDSL.lists()
                            .of(in2 -> new SenseDescriptor(Generate.range(0x04, 0xFF).generate(in2),
                                    immutable(0, 20).generate(in2)))
                            .ofSizeBetween(0, 3).generate(in);
            return new SenseData(f, SenseKey.of(upTo(15).generate(in)),
                    AdditionalSense.of(u8().generate(in), u8().generate(in)), fixed && bool().generate(in),
                    fixed && bool().generate(in), fixed && bool().generate(in), info, csi, u8().generate(in), sks,
                    others);
        };
    }

    /** Standard INQUIRY data. */
    public static Gen<StandardInquiryData> standardInquiry() {
        return in -> new StandardInquiryData(upTo(7).generate(in), upTo(0x1F).generate(in), bool().generate(in),
                u8().generate(in), bool().generate(in), bool().generate(in), upTo(15).generate(in),
                bool().generate(in), bool().generate(in), upTo(3).generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), bool().generate(in), bool().generate(in),
                ascii(8).generate(in), ascii(16).generate(in), ascii(4).generate(in),
                org.quicktheories.generators.SourceDSL.lists().of(u16()).ofSizeBetween(0, 8).generate(in));
    }

    /** Designators of every kind the target emits, plus arbitrary ones. */
    public static Gen<Designator> designators() {
        Gen<Designator> naa = in -> Designator.naaRegisteredExtended(Generate.range(0, 0xFF_FFFF).generate(in),
                Generate.longRange(0, 0xF_FFFF_FFFFL).generate(in), u64().generate(in));
        Gen<Designator> t10 = in -> Designator.t10VendorId(ascii(8).generate(in), ascii(40).generate(in));
        Gen<Designator> name = in -> Designator.scsiNameString("iqn.2026-11.org.iscsilab:" + ascii(30).generate(in),
                upTo(2).generate(in));
        Gen<Designator> port = u16().map(Designator::relativeTargetPort);
        Gen<Designator> group = u16().map(Designator::targetPortGroup);
        Gen<Designator> any = in -> new Designator(upTo(15).generate(in), upTo(15).generate(in), bool().generate(in),
                upTo(3).generate(in), upTo(15).generate(in), immutable(0, 40).generate(in));
        return Generate.oneOf(naa, t10, name, port, group, any);
    }

    /** VPD pages of every modelled kind plus unknown ones. */
    public static Gen<VpdPage> vpdPages() {
        Gen<VpdPage> supported = org.quicktheories.generators.SourceDSL.lists().of(u8()).ofSizeBetween(0, 10)
                .map(l -> (VpdPage) new SupportedVpdPages(l));
        Gen<VpdPage> serial = ascii(40).map(s -> (VpdPage) new UnitSerialNumberPage(s));
        Gen<VpdPage> devid = org.quicktheories.generators.SourceDSL.lists().of(designators()).ofSizeBetween(0, 6)
                .map(l -> (VpdPage) new DeviceIdentificationPage(l));
        Gen<VpdPage> limits = in -> new BlockLimitsPage(bool().generate(in), u8().generate(in), u16().generate(in),
                u32().generate(in), u32().generate(in), u32().generate(in), u32().generate(in), u32().generate(in),
                u32().generate(in), bool().generate(in), Generate.longRange(0, 0x7FFF_FFFFL).generate(in),
                u64().generate(in));
        Gen<VpdPage> chars = in -> new BlockDeviceCharacteristicsPage(u16().generate(in), u8().generate(in),
                upTo(3).generate(in), upTo(3).generate(in), upTo(15).generate(in), bool().generate(in),
                bool().generate(in));
        Gen<VpdPage> lbp = in -> {
            boolean dp = bool().generate(in);
            return new LogicalBlockProvisioningPage(u8().generate(in), bool().generate(in), bool().generate(in),
                    bool().generate(in), bool().generate(in), bool().generate(in), dp, upTo(7).generate(in),
                    dp ? immutable(0, 12).generate(in) : ImmutableBytes.EMPTY);
        };
        Gen<VpdPage> unknown = in -> new UnknownVpdPage(Generate.pick(List.of(0x01, 0x86, 0x89, 0xB3, 0xC0))
                .generate(in), immutable(0, 30).generate(in));
        return Generate.oneOf(supported, serial, devid, limits, chars, lbp, unknown);
    }

    /** Mode pages of every modelled kind plus unknown pages and sub-pages. */
    public static Gen<ModePage> modePages() {
        Gen<ModePage> rw = in -> new ReadWriteErrorRecoveryPage(bool().generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), bool().generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), bool().generate(in), u8().generate(in), bool().generate(in),
                u8().generate(in), u16().generate(in));
        Gen<ModePage> caching = in -> new CachingPage(bool().generate(in), bool().generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), bool().generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), upTo(15).generate(in), upTo(15).generate(in),
                u16().generate(in), u16().generate(in), u16().generate(in), u16().generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), bool().generate(in), u8().generate(in), u16().generate(in));
        Gen<ModePage> control = in -> new ControlPage(bool().generate(in), upTo(7).generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), bool().generate(in), bool().generate(in),
                upTo(15).generate(in), bool().generate(in), upTo(3).generate(in), bool().generate(in),
                bool().generate(in), upTo(3).generate(in), bool().generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), bool().generate(in), upTo(7).generate(in),
                u16().generate(in), u16().generate(in));
        Gen<ModePage> iec = in -> new InformationalExceptionsControlPage(bool().generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), bool().generate(in), bool().generate(in),
                bool().generate(in), bool().generate(in), upTo(15).generate(in), u32().generate(in),
                u32().generate(in));
        Gen<ModePage> unknown = in -> {
            boolean spf = bool().generate(in);
            return new UnknownModePage(Generate.pick(List.of(0x02, 0x03, 0x04, 0x19, 0x30)).generate(in),
                    spf ? Generate.range(1, 0xFF).generate(in) : 0, spf, bool().generate(in),
                    immutable(0, 30).generate(in));
        };
        return Generate.oneOf(rw, caching, control, iec, unknown);
    }

    /** Mode parameter lists; {@code ten} allows LONGLBA. */
    public static Gen<ModeParameterList> modeParameterLists(boolean ten) {
        return in -> {
            boolean longLba = ten && bool().generate(in);
            List<BlockDescriptor> descriptors = org.quicktheories.generators.SourceDSL.lists()
                    .of(in2 -> longLba ? new BlockDescriptor(u64().generate(in2), u32().generate(in2))
                            : new BlockDescriptor(u32().generate(in2), Generate.range(0, 0xFF_FFFF).generate(in2)))
                    .ofSizeBetween(0, 2).generate(in);
            List<ModePage> pages = org.quicktheories.generators.SourceDSL.lists().of(modePages())
                    .ofSizeBetween(0, ten ? 6 : 4).generate(in);
            return new ModeParameterList(u8().generate(in), u8().generate(in), longLba, descriptors, pages);
        };
    }
}
