package org.iscsilab.protocol.scsi.mode;

/** PC field of MODE SENSE (SPC-4 §6.13, table 152): which values of the mode pages to return. */
public enum PageControl {
    /** 00b: current values. */
    CURRENT,
    /** 01b: changeable values (a mask: 1 = the bit can be changed by MODE SELECT). */
    CHANGEABLE,
    /** 10b: default values. */
    DEFAULT,
    /** 11b: saved values. */
    SAVED;

    /** The 2-bit code. */
    public int code() {
        return ordinal();
    }

    /** The value for a 2-bit code. */
    public static PageControl of(int code) {
        return values()[code & 3];
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
