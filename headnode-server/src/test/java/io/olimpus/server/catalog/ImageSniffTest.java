package io.olimpus.server.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageSniffTest {
    static byte[] header(int at, int... magic) {
        byte[] h = new byte[1024];
        for (int i = 0; i < magic.length; i++) h[at + i] = (byte) magic[i];
        return h;
    }

    @Test
    void recognizesEachFormatByItsBytes() {
        assertThat(ImageService.sniff(header(0, 'Q', 'F', 'I', 0xfb))).isEqualTo(ImageService.Detected.QCOW2);
        assertThat(ImageService.sniff(header(0x202, 'H', 'd', 'r', 'S'))).isEqualTo(ImageService.Detected.KERNEL);
        byte[] elf = header(0, 0x7f, 'E', 'L', 'F', 2, 1);
        elf[16] = 2; elf[18] = 0x3e;
        assertThat(ImageService.sniff(elf)).as("x86-64 vmlinux").isEqualTo(ImageService.Detected.KERNEL);
        elf[16] = 3;
        assertThat(ImageService.sniff(elf)).as("a shared object is no kernel").isEqualTo(ImageService.Detected.RAW);
        assertThat(ImageService.sniff(header(0, 0x1f, 0x8b))).isEqualTo(ImageService.Detected.INITRD);
        assertThat(ImageService.sniff(new byte[512])).isEqualTo(ImageService.Detected.RAW);
    }
}
