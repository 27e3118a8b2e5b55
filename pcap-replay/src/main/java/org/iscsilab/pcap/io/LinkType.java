package org.iscsilab.pcap.io;

/**
 * A link-layer header type (LINKTYPE_ value of the tcpdump.org registry). An open value type:
 * any code is representable, the well-known ones have names.
 *
 * @param code the LINKTYPE_ value
 */
public record LinkType(int code) {
    /** LINKTYPE_NULL: BSD loopback, a 4-byte address family in host byte order. */
    public static final LinkType NULL = new LinkType(0);
    /** LINKTYPE_ETHERNET. */
    public static final LinkType ETHERNET = new LinkType(1);
    /** DLT_RAW as used by some BSDs (12): raw IPv4/IPv6. */
    public static final LinkType RAW_BSD = new LinkType(12);
    /** DLT_RAW as used by OpenBSD (14): raw IPv4/IPv6. */
    public static final LinkType RAW_OPENBSD = new LinkType(14);
    /** LINKTYPE_RAW: raw IPv4/IPv6, version from the first nibble. */
    public static final LinkType RAW = new LinkType(101);
    /** LINKTYPE_LOOP: OpenBSD loopback, a 4-byte address family in network byte order. */
    public static final LinkType LOOP = new LinkType(108);
    /** LINKTYPE_LINUX_SLL: Linux cooked capture v1. */
    public static final LinkType LINUX_SLL = new LinkType(113);
    /** LINKTYPE_LINUX_SLL2: Linux cooked capture v2. */
    public static final LinkType LINUX_SLL2 = new LinkType(276);

    /** The registry name, or "LINKTYPE_&lt;code&gt;" for an unknown code. */
    public String name() {
        return switch (code) {
            case 0 -> "NULL";
            case 1 -> "ETHERNET";
            case 12, 14, 101 -> "RAW";
            case 108 -> "LOOP";
            case 113 -> "LINUX_SLL";
            case 276 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + code;
        };
    }

    /** Returns the shared constant for well-known codes, a new value otherwise. */
    public static LinkType of(int code) {
        return switch (code) {
            case 0 -> NULL;
            case 1 -> ETHERNET;
            case 12 -> RAW_BSD;
            case 14 -> RAW_OPENBSD;
            case 101 -> RAW;
            case 108 -> LOOP;
            case 113 -> LINUX_SLL;
            case 276 -> LINUX_SLL2;
            default -> new LinkType(code);
        };
    }

    @Override
    public String toString() {
        return name() + "(" + code + ")";
    }
}
