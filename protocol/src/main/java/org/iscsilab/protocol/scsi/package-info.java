/**
 * SCSI layer model (SAM-5, SPC-4, SBC-3): status, task attributes, LUNs, CDBs, sense data,
 * INQUIRY/VPD, mode pages and parameter data. Pure immutable values, no I/O.
 *
 * <p>Wire codes are open value types: an unknown code is representable and printable.
 * Malformed input of a known shape raises a {@link org.iscsilab.protocol.scsi.ScsiFormatException}
 * carrying the field pointer a target needs for its sense data.
 */
package org.iscsilab.protocol.scsi;
