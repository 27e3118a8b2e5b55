/**
 * Command descriptor blocks (SPC-4, SBC-3): opcodes, service actions, one record per command
 * family under the sealed {@link org.iscsilab.protocol.scsi.cdb.Cdb}, strict parsing with field
 * pointers, and {@link org.iscsilab.protocol.scsi.cdb.CdbBuilder} for deliberately broken CDBs.
 */
package org.iscsilab.protocol.scsi.cdb;
