package org.iscsilab.protocol.sn;

/**
 * Serial-number arithmetic (RFC 1982, SERIAL_BITS = 32) for CmdSN, StatSN, DataSN, R2TSN and
 * ExpStatSN, as RFC 7143 §4.2.2.1 requires. Values are 32-bit unsigned numbers carried in a Java
 * {@code int}.
 *
 * <p>Two numbers exactly 2^31 apart have no defined order (RFC 1982 §3.2): {@link #compare}
 * reports that as {@link Order#UNDEFINED}, and {@link #lessThan}/{@link #greaterThan} answer
 * {@code false} both ways.
 */
public final class SerialNumber {

    /** Largest increment RFC 1982 §3.1 allows: 2^(SERIAL_BITS-1) - 1. */
    public static final long MAX_ADD = (1L << 31) - 1;

    /** Result of comparing two serial numbers. */
    public enum Order { LESS, EQUAL, GREATER, UNDEFINED }

    private SerialNumber() {
    }

    /**
     * Compares {@code a} with {@code b} under RFC 1982 §3.2.
     *
     * @return {@link Order#UNDEFINED} when the two are exactly 2^31 apart
     */
    public static Order compare(int a, int b) {
        if (a == b) {
            return Order.EQUAL;
        }
        int diff = b - a; // wraps modulo 2^32
        if (diff == Integer.MIN_VALUE) {
            return Order.UNDEFINED;
        }
        return diff > 0 ? Order.LESS : Order.GREATER;
    }

    /** {@code a < b} in serial-number arithmetic; false when undefined. */
    public static boolean lessThan(int a, int b) {
        return compare(a, b) == Order.LESS;
    }

    /** {@code a > b} in serial-number arithmetic; false when undefined. */
    public static boolean greaterThan(int a, int b) {
        return compare(a, b) == Order.GREATER;
    }

    /** {@code a <= b}; false when undefined. */
    public static boolean lessOrEqual(int a, int b) {
        Order o = compare(a, b);
        return o == Order.LESS || o == Order.EQUAL;
    }

    /** {@code a >= b}; false when undefined. */
    public static boolean greaterOrEqual(int a, int b) {
        Order o = compare(a, b);
        return o == Order.GREATER || o == Order.EQUAL;
    }

    /**
     * Serial addition (RFC 1982 §3.1): {@code s + n} modulo 2^32.
     *
     * @throws IllegalArgumentException if {@code n} is negative or above 2^31 - 1
     */
    public static int add(int s, long n) {
        if (n < 0 || n > MAX_ADD) {
            throw new IllegalArgumentException(
                    "serial addition of " + n + " is undefined; RFC 1982 §3.1 allows 0.." + MAX_ADD);
        }
        return (int) (s + n);
    }

    /** {@code s + 1} modulo 2^32. */
    public static int next(int s) {
        return s + 1;
    }

    /**
     * Distance from {@code from} forward to {@code to}, as an unsigned count 0..2^32-1.
     */
    public static long distance(int from, int to) {
        return Integer.toUnsignedLong(to - from);
    }

    /**
     * Whether {@code cmdSN} lies in the command window {@code [expCmdSN, maxCmdSN]}
     * (RFC 7143 §4.2.2.1). An empty window (MaxCmdSN = ExpCmdSN - 1) contains nothing; a
     * MaxCmdSN below ExpCmdSN - 1 is invalid and is treated as an empty window too.
     */
    public static boolean inWindow(int cmdSN, int expCmdSN, int maxCmdSN) {
        if (!isWindowValid(expCmdSN, maxCmdSN) || isWindowEmpty(expCmdSN, maxCmdSN)) {
            return false;
        }
        return distance(expCmdSN, cmdSN) <= distance(expCmdSN, maxCmdSN);
    }

    /** RFC 7143 §4.2.2.1: MaxCmdSN = ExpCmdSN - 1 means the window is closed. */
    public static boolean isWindowEmpty(int expCmdSN, int maxCmdSN) {
        return maxCmdSN == expCmdSN - 1;
    }

    /**
     * RFC 7143 §4.2.2.1: "MaxCmdSN - ExpCmdSN + 1 < 0" (serially) must be ignored by the
     * initiator. A window is valid when MaxCmdSN &gt;= ExpCmdSN - 1.
     */
    public static boolean isWindowValid(int expCmdSN, int maxCmdSN) {
        return greaterOrEqual(maxCmdSN, expCmdSN - 1);
    }

    /** Number of CmdSNs the window admits (0 when empty or invalid). */
    public static long windowSize(int expCmdSN, int maxCmdSN) {
        if (!isWindowValid(expCmdSN, maxCmdSN)) {
            return 0;
        }
        return distance(expCmdSN, maxCmdSN + 1);
    }

    /** Unsigned decimal form for messages. */
    public static String toString(int s) {
        return Integer.toUnsignedString(s);
    }
}
