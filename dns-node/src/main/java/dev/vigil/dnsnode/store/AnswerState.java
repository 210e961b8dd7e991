package dev.vigil.dnsnode.store;

import java.util.Map;
import org.xbill.DNS.Name;

/** One complete, immutable answer state: every zone at one version. */
public record AnswerState(Version version, long producedAtUnixMs, Map<Name, ZoneData> zones) {

    public static final AnswerState EMPTY = new AnswerState(Version.NONE, 0, Map.of());

    public AnswerState {
        zones = Map.copyOf(zones);
    }
}
