/**
 * The one iSCSI framing codec (RFC 7143 §11.2), used by target, initiator, pcap engine and tests.
 *
 * <ul>
 *   <li>{@link org.iscsilab.protocol.codec.PduFramer}: BHS, AHS, header digest, data segment,
 *       padding, data digest; lengths checked against the limits before the body is awaited.
 *   <li>{@link org.iscsilab.protocol.codec.PduFrameDecoder} / {@link
 *       org.iscsilab.protocol.codec.PduFrameEncoder}: the Netty pair, reading the per-connection
 *       {@link org.iscsilab.protocol.codec.FramingState}.
 *   <li>{@link org.iscsilab.protocol.codec.PduStreamDecoder}: the same framer over a reassembled TCP
 *       direction for the pcap engine, with digest detection and resynchronisation.
 *   <li>{@link org.iscsilab.protocol.codec.PduChecks}: what is wrong with a decoded PDU.
 *   <li>{@link org.iscsilab.protocol.codec.WireTap}, {@link org.iscsilab.protocol.codec.PduTap},
 *       {@link org.iscsilab.protocol.codec.PduHistory}: observation.
 * </ul>
 *
 * <p>Where each violation is caught and how it is scoped:
 *
 * <table>
 *   <caption>errors</caption>
 *   <tr><th>violation</th><th>scope</th><th>where</th><th>clause</th></tr>
 *   <tr><td>header digest wrong</td><td>connection</td><td>framer</td><td>RFC 7143 §7.8</td></tr>
 *   <tr><td>DataSegmentLength over MaxRecvDataSegmentLength</td><td>connection</td><td>framer, before the body</td>
 *       <td>§13.12</td></tr>
 *   <tr><td>AHS inconsistent with TotalAHSLength</td><td>connection</td><td>framer</td><td>§11.2.2</td></tr>
 *   <tr><td>data digest wrong</td><td>PDU: Reject 0x02 ({@link org.iscsilab.protocol.codec.PduDecodeError})</td>
 *       <td>framer</td><td>§7.8</td></tr>
 *   <tr><td>undefined opcode</td><td>PDU: Reject 0x05</td><td>checks</td><td>§11.2.1.2</td></tr>
 *   <tr><td>wrong-direction opcode, data on a PDU without data segment, AHS on a PDU other than SCSI
 *       Command, contradictory flags (T+C, F+C, S without F, O+U), reserved code values</td>
 *       <td>PDU: Reject 0x04 Protocol Error</td><td>checks</td><td>the PDU's §11.x, §11</td></tr>
 *   <tr><td>fixed F bit 0, reserved ITT 0xffffffff on a task, a real ITT where 0xffffffff is fixed</td>
 *       <td>PDU: Reject 0x09 Invalid PDU Field</td><td>checks</td><td>§11.2.1.8, the PDU's §11.x</td></tr>
 *   <tr><td>reserved bits or bytes set</td><td>note only: a receiver ignores them</td><td>checks</td><td>§11</td></tr>
 * </table>
 *
 * <p>Digests are off during login: the session layer switches them on in {@link
 * org.iscsilab.protocol.codec.FramingState} after the final Login Response has been written (on the
 * event loop, so the next PDU encoded or decoded uses them).
 */
package org.iscsilab.protocol.codec;
