package io.olimpus.server.engine.placement;

/** Per zone: SPREAD puts each VM on the emptiest worker (resilience), PACK on the fullest that fits (fewer workers busy). */
public enum PlacementStrategy {
    SPREAD, PACK
}
