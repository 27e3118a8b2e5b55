package org.iscsilab.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a class as conformance tests of one protocol area and installs the suite's
 * {@link ConformanceExtension} (verdicts, per-test deadline, target and context parameters,
 * destructive gating, PDU-exchange evidence). Every test method of the class carries a
 * {@link Clause}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ConformanceExtension.class)
public @interface Area {
  ProtocolArea value();
}
