package org.iscsilab.conformance;

/**
 * An exception that knows what went wrong on the wire, in one sentence a person can act on:
 * "no SCSI Response for READ(16) ITT 0x00000012 after 10 s; CmdSN 7 was consumed (ExpCmdSN
 * advanced to 8)". When a test body throws one, the verdict's message is its diagnosis.
 *
 * <p>The reference initiator's exceptions ({@code org.iscsilab.initiator.InitiatorException} and
 * its subclasses such as {@code TaskStalledException}) are treated the same way: their message is
 * the diagnosis. The suite's own {@link RawConnection} throws {@link NoResponse}.
 */
public interface Diagnosed {
  String diagnosis();
}
