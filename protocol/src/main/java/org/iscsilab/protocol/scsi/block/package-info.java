/** Block-device parameter data (SBC-3): READ CAPACITY, UNMAP parameter list, GET LBA STATUS. */
package org.iscsilab.protocol.scsi.block;
