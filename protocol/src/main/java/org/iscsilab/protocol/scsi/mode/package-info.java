/** Mode parameters (SPC-4 §7.5, SBC-3 §6.4): header, block descriptors, mode pages. */
package org.iscsilab.protocol.scsi.mode;
