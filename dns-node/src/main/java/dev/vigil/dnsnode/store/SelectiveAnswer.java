package dev.vigil.dnsnode.store;

/**
 * The precompiled responses to one (name, qtype) whose answer reads one per-query RRset: {@code variants[v]} is the
 * whole response when the pick is variant {@code v}, {@code empty} when the client's choice has no option (ID 0,
 * RD clear, question in lower case, no OPT record, like {@link WireIndex.Entry}). {@code map} is the rrset's
 * client map, or null when it has none (or the map is gone: then every client takes the fallback).
 */
public record SelectiveAnswer(SelectiveRRsetData rrset, ClientMapData map, byte[][] variants, byte[] empty) {

    /** The response for a pick ({@code -1}: no option). */
    public byte[] response(int variant) {
        return variant < 0 ? empty : variants[variant];
    }
}
