/** The shared iSCSI/SCSI codec (RFC 7143, SPC-4, SBC-3). No I/O of its own. */
package org.iscsilab.protocol;
