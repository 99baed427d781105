package io.olimpus.server.catalog;

import io.olimpus.server.api.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ImageSniffTest {
    static byte[] header(int at, int... magic) {
        byte[] h = new byte[Math.max(1024, at + magic.length)];
        for (int i = 0; i < magic.length; i++) h[at + i] = (byte) magic[i];
        return h;
    }

    static int[] ascii(String s) { return s.chars().toArray(); }

    @Test
    void recognizesEachFormatByItsBytes() {
        assertThat(ImageService.sniff(header(0, 'Q', 'F', 'I', 0xfb))).isEqualTo(ImageService.Detected.QCOW2);
        assertThat(ImageService.sniff(header(0x202, 'H', 'd', 'r', 'S'))).isEqualTo(ImageService.Detected.KERNEL);
        byte[] elf = header(0, 0x7f, 'E', 'L', 'F', 2, 1);
        elf[16] = 2; elf[18] = 0x3e;
        assertThat(ImageService.sniff(elf)).as("x86-64 vmlinux").isEqualTo(ImageService.Detected.KERNEL);
        elf[16] = 3;
        assertThat(ImageService.sniff(elf)).as("a shared object is neither a kernel nor a disk").isNull();
        assertThat(ImageService.sniff(header(0, 0x1f, 0x8b))).isEqualTo(ImageService.Detected.INITRD);
    }

    @Test
    void aRawDiskIsOneOnlyWithAPartitionTableOrAFilesystem() {
        assertThat(ImageService.sniff(header(510, 0x55, 0xaa))).as("MBR (also FAT, NTFS, GPT's protective MBR)").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(header(512, ascii("EFI PART")))).as("GPT").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(header(4096, ascii("EFI PART")))).as("GPT, 4 KiB sectors").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(header(1080, 0x53, 0xef))).as("ext2/3/4").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(header(0, ascii("XFSB")))).as("XFS").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(header(0x10040, ascii("_BHRfS_M")))).as("Btrfs").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(header(0x8001, ascii("CD001")))).as("ISO 9660").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(header(0, ascii("hsqs")))).as("squashfs").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(header(512, ascii("LABELONE")))).as("LVM").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(Fixtures.rawDisk(4096))).as("the tests' minimal raw disk").isEqualTo(ImageService.Detected.RAW);

        byte[] noise = new byte[ImageService.SNIFF_BYTES];
        new Random(13).nextBytes(noise);
        noise[510] = 0;
        assertThat(ImageService.sniff(noise)).as("random bytes").isNull();
        assertThat(ImageService.sniff(new byte[ImageService.SNIFF_BYTES])).as("zeros").isNull();
        assertThat(ImageService.sniff("not a disk\n".repeat(500).getBytes(StandardCharsets.US_ASCII))).as("text").isNull();
        assertThat(ImageService.sniff(header(0x8001, ascii("CD00")))).as("a cut-off ISO magic").isNull();
    }
}
