/** INQUIRY data (SPC-4 §6.6.2) and vital product data pages (SPC-4 §7.8, SBC-3 §6.6). */
package org.iscsilab.protocol.scsi.inquiry;
