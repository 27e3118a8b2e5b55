package org.iscsilab.conformance;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The whole conformance suite under Maven, on demand (its name matches no surefire pattern, so
 * {@code verify} never runs it by itself):
 *
 * <pre>
 * ./mvnw -pl conformance-suite -am verify -Dtest=ConformanceSuite -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Discsilab.target=iscsi://127.0.0.1:3260/iqn.2001-04.com.example:tgt1/1 -Discsilab.out=target/conformance
 * </pre>
 *
 * Every setting of {@link SuiteSettings} is a system property here ({@code -Discsilab.destructive},
 * {@code -Discsilab.include=login}, …). A SHOULD deviation or a declined feature shows as a skipped
 * test with its reason; a MUST violation fails the build. With {@code -Discsilab.out=DIR} the
 * suite's own summary.json, JUnit XML and Allure results are written too.
 */
@Suite
@SelectPackages(SuiteRunner.CONFORMANCE_PACKAGE)
@IncludeClassNamePatterns(SuiteRunner.CONFORMANCE_CLASSES)
public class ConformanceSuite {}
