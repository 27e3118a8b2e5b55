/** Allure, JUnit XML and interoperability-matrix reports. */
package org.iscsilab.reports;
