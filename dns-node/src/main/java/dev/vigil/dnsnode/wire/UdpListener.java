package dev.vigil.dnsnode.wire;

import java.io.IOException;
import java.net.InetSocketAddress;

/** UDP sockets served outside Netty; closing stops their threads and closes the sockets. */
public interface UdpListener extends AutoCloseable {

    /** How many sockets (and threads) serve the address. */
    int sockets();

    @Override
    void close();

    /** Binds and starts the listeners (implemented in src/main/java22, loaded by {@link MmsgUdp}). */
    interface Starter {

        /**
         * Binds {@code sockets} SO_REUSEPORT sockets to {@code address}, each served by its own thread.
         *
         * @throws java.net.BindException when the address cannot be bound
         * @throws IOException when a socket cannot be made at all (the caller may fall back to Netty)
         */
        UdpListener start(InetSocketAddress address, int sockets, int maxQuery, QueryHandler queries,
                          QueryObserver observer) throws IOException;
    }
}
