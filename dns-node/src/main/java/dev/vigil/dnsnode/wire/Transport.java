package dev.vigil.dnsnode.wire;

/** How a query arrived; decides the response size limit and labels the metrics. */
public enum Transport {
    UDP("udp"),
    TCP("tcp");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
