/** Persistent reservations (SPC-4 §5.9, §6.15, §6.16): service actions, types, PR IN data, PR OUT parameter lists. */
package org.iscsilab.protocol.scsi.pr;
