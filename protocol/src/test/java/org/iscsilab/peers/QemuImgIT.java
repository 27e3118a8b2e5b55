package org.iscsilab.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.iscsilab.testfixtures.peers.DiskImages;
import org.iscsilab.testfixtures.peers.PeerExtension;
import org.iscsilab.testfixtures.peers.QemuImg;
import org.iscsilab.testfixtures.peers.TgtPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class QemuImgIT {
    @RegisterExtension
    static final PeerExtension<TgtPeer> TGT = PeerExtension.of(TgtPeer::startWithDefaultTarget);

    @TempDir
    Path dir;

    @Test
    void gptFatImageWrittenOntoTheLunReadsBackByteIdentical() {
        Path image = DiskImages.gptFat(dir.resolve("gpt-fat.img"));
        String lun = TGT.get().url(TgtPeer.DISK_LUN);

        QemuImg.convert(image.toString(), lun).requireOk();
        Path back = dir.resolve("back.img");
        QemuImg.convert(lun, back.toString()).requireOk();

        assertThat(DiskImages.mismatch(image, back)).as("first differing byte").isEqualTo(-1L);
    }

    @Test
    void infoReportsTheLunSize() {
        assertThat(QemuImg.info(TGT.get().url(TgtPeer.DISK_LUN)).requireOk().stdout())
                .contains("virtual size: 64 MiB (67108864 bytes)");
    }
}
