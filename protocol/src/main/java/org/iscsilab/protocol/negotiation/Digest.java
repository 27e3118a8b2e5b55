package org.iscsilab.protocol.negotiation;

/** Negotiated HeaderDigest/DataDigest (RFC 7143 §13.1). */
public enum Digest {
    /** No digest. */
    NONE,
    /** CRC32C (RFC 7143 §13.1, Appendix B.4). */
    CRC32C;

    /** Parses the negotiated value (CRC32C or None); anything else is NONE. */
    public static Digest fromWire(String v) {
        return "CRC32C".equals(v) ? CRC32C : NONE;
    }
}
