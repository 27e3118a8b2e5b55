package org.iscsilab.protocol.scsi.sense;

/** Sense data response codes (SPC-4 §4.5.1): format and current/deferred. */
public enum SenseFormat {
    /** 0x70: fixed format, current error. */
    FIXED_CURRENT(0x70),
    /** 0x71: fixed format, deferred error. */
    FIXED_DEFERRED(0x71),
    /** 0x72: descriptor format, current error. */
    DESCRIPTOR_CURRENT(0x72),
    /** 0x73: descriptor format, deferred error. */
    DESCRIPTOR_DEFERRED(0x73);

    private final int responseCode;

    SenseFormat(int responseCode) {
        this.responseCode = responseCode;
    }

    /** The RESPONSE CODE value. */
    public int responseCode() {
        return responseCode;
    }

    /** True for 0x72/0x73. */
    public boolean isDescriptor() {
        return responseCode >= 0x72;
    }

    /** True for 0x71/0x73. */
    public boolean isDeferred() {
        return (responseCode & 1) != 0;
    }

    /** The format for a RESPONSE CODE, or null when it is not one of 0x70..0x73. */
    public static SenseFormat ofResponseCode(int code) {
        return switch (code & 0x7F) {
            case 0x70 -> FIXED_CURRENT;
            case 0x71 -> FIXED_DEFERRED;
            case 0x72 -> DESCRIPTOR_CURRENT;
            case 0x73 -> DESCRIPTOR_DEFERRED;
            default -> null;
        };
    }
}
