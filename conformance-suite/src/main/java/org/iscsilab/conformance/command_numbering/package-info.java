/** Conformance tests of command numbering: CmdSN window, ExpCmdSN, MaxCmdSN, StatSN (RFC 7143 §4.2.2). */
package org.iscsilab.conformance.command_numbering;
