/** Conformance tests of the SCSI core over iSCSI: SPC-4 and SBC-3 commands, autosense (RFC 7143 §10.2). */
package org.iscsilab.conformance.scsi;
