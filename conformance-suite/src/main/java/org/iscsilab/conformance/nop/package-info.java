/** Conformance tests of NOP-Out / NOP-In (RFC 7143 §11.18, §11.19). */
package org.iscsilab.conformance.nop;
