package org.iscsilab.conformance;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Applies {@code --include}/{@code --exclude} at discovery, so that unselected tests do not
 * appear in any report. Area and level count as tags ({@link TagSelection}).
 */
public final class SuiteTagFilter implements PostDiscoveryFilter {

  private final TagSelection selection;

  public SuiteTagFilter(TagSelection selection) {
    this.selection = selection;
  }

  @Override
  public FilterResult apply(TestDescriptor d) {
    if (selection.isEverything()) {
      return FilterResult.included("everything selected");
    }
    Optional<TestSource> src = d.getSource();
    if (src.isPresent() && src.get() instanceof MethodSource ms) {
      Set<String> junitTags = d.getTags().stream().map(TestTag::getName).collect(Collectors.toSet());
      Set<String> tags = TagSelection.tagsOf(ms.getJavaClass(), ms.getJavaMethod(), junitTags);
      return FilterResult.includedIf(selection.selects(tags), () -> "selected by tags " + tags,
          () -> "not selected: tags " + tags + ", include " + selection.include() + ", exclude " + selection.exclude());
    }
    return FilterResult.included("container");
  }
}
