package io.olimpus.desktop.vm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageFamilyTest {
    @ParameterizedTest
    @CsvSource({
            "cirros-0.6.2-x86_64-disk.img, CIRROS",
            "CirrOS, CIRROS",
            "debian-12-genericcloud-amd64.qcow2, DEBIAN",
            "ubuntu-22.04-server-cloudimg, UBUNTU",
            "jammy-ubuntu, UBUNTU",
            "alpine-virt-3.19, ALPINE",
            "Fedora-Cloud-Base-39, FEDORA",
            "CentOS-Stream-9, CENTOS",
            "rocky-9, CENTOS",
            "vyos-1.4-rolling, ROUTER",
            "debian-frr, ROUTER",
            "openwrt-23.05-x86-64, ROUTER",
            "mikrotik-chr-7, ROUTER",
            "windows-server-2022, WINDOWS",
            "win10-eval, WINDOWS",
            "ferry, GENERIC",
            "myimage, GENERIC",
            "'', GENERIC",
    })
    void familyFromImageName(String name, ImageFamily expected) {
        assertEquals(expected, ImageFamily.of(name));
    }

    @org.junit.jupiter.api.Test
    void noNameIsGeneric() {
        assertEquals(ImageFamily.GENERIC, ImageFamily.of(null));
        assertEquals("", ImageFamily.GENERIC.badge());
        assertEquals("De", ImageFamily.DEBIAN.badge());
    }
}
