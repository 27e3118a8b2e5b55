package org.iscsilab.conformance;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --include}/{@code --exclude}: a test runs if it has one of the included tags (or none
 * are given) and none of the excluded ones. A test's tags are its {@code @Tag}s, its area
 * ({@code login}) and its level ({@code must}, {@code should}, {@code may}).
 */
public record TagSelection(List<String> include, List<String> exclude) {

  public TagSelection {
    include = normalize(include);
    exclude = normalize(exclude);
  }

  public static TagSelection of(SuiteSettings s) {
    return new TagSelection(s.include(), s.exclude());
  }

  public boolean isEverything() {
    return include.isEmpty() && exclude.isEmpty();
  }

  public boolean selects(Collection<String> tags) {
    Set<String> t = normalizeSet(tags);
    if (!include.isEmpty() && include.stream().noneMatch(t::contains)) {
      return false;
    }
    return exclude.stream().noneMatch(t::contains);
  }

  /** The tags of a test method: JUnit tags plus area and level. */
  public static Set<String> tagsOf(Class<?> testClass, Method method, Collection<String> junitTags) {
    Set<String> t = normalizeSet(junitTags);
    Area area = testClass == null ? null : testClass.getAnnotation(Area.class);
    if (area != null) {
      t.add(area.value().tag());
    }
    Clause clause = method == null ? null : method.getAnnotation(Clause.class);
    if (clause != null) {
      t.add(clause.level().name().toLowerCase(Locale.ROOT));
    }
    return t;
  }

  private static List<String> normalize(List<String> tags) {
    return tags == null ? List.of() : List.copyOf(normalizeSet(tags));
  }

  private static Set<String> normalizeSet(Collection<String> tags) {
    Set<String> s = new TreeSet<>();
    for (String tag : tags) {
      String x = tag.trim().toLowerCase(Locale.ROOT);
      if (!x.isEmpty()) {
        s.add(x);
      }
    }
    return s;
  }
}
