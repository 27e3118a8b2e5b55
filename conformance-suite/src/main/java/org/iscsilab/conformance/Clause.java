package org.iscsilab.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The clause a conformance test enforces and its level, e.g.
 * {@code @Clause(value = "RFC 7143 §11.13.2", level = Level.MUST)}. Write RFC clauses as
 * {@code RFC <number> §<section>} so that reports link to the section; SCSI clauses as
 * {@code SPC-4 §6.6.1} or {@code SBC-3 §5.15}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Clause {
  /** {@code RFC 7143 §11.13.2}, {@code SPC-4 §6.6.1}… */
  String value();

  /** MUST (a violation fails the run), SHOULD or MAY (a violation is a warning). */
  Level level();
}
