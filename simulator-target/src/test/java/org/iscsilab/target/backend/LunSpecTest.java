package org.iscsilab.target.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class LunSpecTest {

  @Test
  void sizesAreSparseMemory() {
    LunSpec s = LunSpec.parse("512MiB");
    assertThat(s.kind()).isEqualTo(LunSpec.Kind.MEMORY);
    assertThat(s.size()).isEqualTo(512L << 20);
    assertThat(LunSpec.parse("1GiB").size()).isEqualTo(1L << 30);
    assertThat(LunSpec.parse("1G").size()).isEqualTo(1L << 30);
  }

  @Test
  void fileAndNullSpecs() {
    LunSpec f = LunSpec.parse("file:/tmp/x.img,size=1GiB");
    assertThat(f.kind()).isEqualTo(LunSpec.Kind.FILE);
    assertThat(f.path()).isEqualTo(Path.of("/tmp/x.img"));
    assertThat(f.size()).isEqualTo(1L << 30);
    assertThat(LunSpec.parse("null:1TiB").kind()).isEqualTo(LunSpec.Kind.NULL);
    assertThat(LunSpec.parse("64MiB,ro").readOnly()).isTrue();
  }

  @Test
  void badSpecsNameTheProblem() {
    assertThatThrownBy(() -> LunSpec.parse("lots")).hasMessageContaining("lots");
    assertThatThrownBy(() -> LunSpec.parse("1000")).hasMessageContaining("512");
    assertThatThrownBy(() -> LunSpec.parse("file:")).hasMessageContaining("path");
  }

  @Test
  void fileBackendCreatesASparseFileAndForcesOnFua(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("disk.img");
    try (BlockBackend b = LunSpec.parse("file:" + p + ",size=1MiB").open()) {
      assertThat(b.size()).isEqualTo(1 << 20);
      byte[] data = new byte[4096];
      java.util.Arrays.fill(data, (byte) 5);
      b.write(8192, data, 0, data.length, true);
      b.flush();
      byte[] back = new byte[4096];
      b.read(8192, back, 0, back.length);
      assertThat(back).isEqualTo(data);
    }
    assertThat(Files.size(p)).isEqualTo(1 << 20);
  }
}
