package dev.vigil.dnsnode.wire;

/** What the wire layer reports about each packet (implemented by the metrics). Must be cheap and never throw. */
public interface QueryObserver {

    void answered(Transport transport, int rcode);

    /** {@code count} responses with {@code rcode} at once: a UDP worker reports each batch so, not each datagram. */
    default void answered(Transport transport, int rcode, int count) {
        for (int i = 0; i < count; i++) {
            answered(transport, rcode);
        }
    }

    void malformed(Transport transport);

    void failed(Transport transport, Throwable error);

    QueryObserver NONE = new QueryObserver() {
        @Override
        public void answered(Transport transport, int rcode) {}

        @Override
        public void malformed(Transport transport) {}

        @Override
        public void failed(Transport transport, Throwable error) {}
    };
}
