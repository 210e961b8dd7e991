package dev.vigil.dnsnode.wire.mmsg;

import dev.vigil.dnsnode.wire.QueryHandler;
import dev.vigil.dnsnode.wire.QueryObserver;
import dev.vigil.dnsnode.wire.UdpListener;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Entry point loaded by name (dev.vigil.dnsnode.wire.MmsgUdp) on JDK 22+: binds the libc calls when made. */
public final class MmsgStarter implements UdpListener.Starter {

    public MmsgStarter() {
        Libc.SOCKET.type(); // link every call now: a JVM that cannot fails here, and AUTO falls back to Netty
    }

    @Override
    public UdpListener start(InetSocketAddress address, int sockets, int maxQuery, QueryHandler queries,
                             QueryObserver observer) throws IOException {
        return MmsgListener.start(address, sockets, maxQuery, queries, observer);
    }
}
