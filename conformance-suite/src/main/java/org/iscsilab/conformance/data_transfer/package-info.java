/** Conformance tests of data transfer: Data-In, R2T, Data-Out, bursts, residuals (RFC 7143 §4.2.5.2, §11.7, §11.8). */
package org.iscsilab.conformance.data_transfer;
