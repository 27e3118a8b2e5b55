/** Sense data (SPC-4 §4.5): fixed and descriptor formats, sense keys, ASC/ASCQ, the iSCSI sense segment. */
package org.iscsilab.protocol.scsi.sense;
