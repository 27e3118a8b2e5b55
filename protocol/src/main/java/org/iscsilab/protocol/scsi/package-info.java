/**
 * SCSI layer model (SAM-5, SPC-4, SBC-3): pure immutable values, no I/O, shared by the reference
 * target, the initiator, the conformance suite and the pcap analyser.
 *
 * <p>Where to start:
 * <ul>
 *   <li>{@link org.iscsilab.protocol.scsi.cdb.Cdb#parse(byte[])} turns CDB bytes into one record per
 *       command family ({@code Read}, {@code Write}, {@code Inquiry}, {@code ModeSense}, ...) or an
 *       {@code UnknownCdb}; malformed CDBs of known commands raise
 *       {@link org.iscsilab.protocol.scsi.cdb.InvalidCdbException} with the field pointer.
 *       Every record has {@code toBytes()}, {@code describe()}, {@code dataDirection()},
 *       {@code expectedDataTransferLength(blockSize)} and {@code lbaRange()};
 *       {@link org.iscsilab.protocol.scsi.cdb.CdbBuilder} builds broken CDBs on purpose.</li>
 *   <li>{@link org.iscsilab.protocol.scsi.sense.SenseData} (fixed and descriptor formats) and
 *       {@link org.iscsilab.protocol.scsi.sense.IscsiSense} for the SenseLength-prefixed data segment;
 *       {@code SenseData.illegalRequest(e)} answers a parse failure.</li>
 *   <li>{@link org.iscsilab.protocol.scsi.ScsiStatus}, {@link org.iscsilab.protocol.pdu.TaskAttribute},
 *       {@link org.iscsilab.protocol.scsi.Lun}, {@link org.iscsilab.protocol.scsi.ReportLunsData},
 *       {@link org.iscsilab.protocol.scsi.ScsiOutcome} (status + sense of a SCSI Response).</li>
 *   <li>Parameter data: {@code inquiry} (standard data, VPD pages), {@code mode} (mode parameter
 *       lists and pages), {@code block} (READ CAPACITY, UNMAP, GET LBA STATUS), {@code pr}
 *       (persistent reservations), and {@code cdb} for REPORT SUPPORTED OPERATION CODES data.</li>
 * </ul>
 *
 * <p>Wire codes are open value types: an unknown code is representable and printable. Malformed
 * parameter data raises a {@link org.iscsilab.protocol.scsi.ScsiFormatException} (C/D=0 pointer);
 * data cut short by an allocation length is parsed as far as it goes.
 */
package org.iscsilab.protocol.scsi;
