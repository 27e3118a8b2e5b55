/** The reference iSCSI target. */
package org.iscsilab.target;
