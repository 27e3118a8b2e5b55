package org.iscsilab.reports;

import java.nio.file.Path;

/** An input of a report (summary.json, a JUnit XML file, an Allure result) is missing or invalid. */
public final class ReportInputException extends Exception {

  private final transient Path file;

  public ReportInputException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public ReportInputException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file or directory the problem is about. */
  public Path file() {
    return file;
  }
}
