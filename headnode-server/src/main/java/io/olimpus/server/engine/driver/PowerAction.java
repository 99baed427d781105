package io.olimpus.server.engine.driver;

public enum PowerAction {
    START, STOP, REBOOT
}
