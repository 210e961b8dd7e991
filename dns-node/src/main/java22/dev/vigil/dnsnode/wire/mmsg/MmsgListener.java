package dev.vigil.dnsnode.wire.mmsg;

import dev.vigil.dnsnode.wire.QueryHandler;
import dev.vigil.dnsnode.wire.QueryObserver;
import dev.vigil.dnsnode.wire.UdpListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SO_REUSEPORT sockets on one address, each read by its own platform thread ({@link MmsgWorker}). Closing wakes the
 * threads (shutdown(SHUT_RD), else the receive timeout), joins them, then closes the sockets: a descriptor is never
 * closed while its thread may still use it, since the number could be reused by another file at once.
 */
final class MmsgListener implements UdpListener {

    private static final Logger log = LoggerFactory.getLogger(MmsgListener.class);
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final int[] fds;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;
    private boolean closed;

    private MmsgListener(int[] fds) {
        this.fds = fds;
    }

    static MmsgListener start(InetSocketAddress address, int sockets, int maxQuery, QueryHandler queries,
                              QueryObserver observer) throws IOException {
        int[] fds = new int[sockets];
        int opened = 0;
        try {
            for (; opened < sockets; opened++) {
                fds[opened] = UdpSocket.open(address);
            }
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < opened; i++) {
                Libc.close(fds[i]);
            }
            throw e;
        }
        MmsgListener listener = new MmsgListener(fds);
        for (int i = 0; i < sockets; i++) {
            Thread thread = Thread.ofPlatform().name("vigil-udp-" + address.getPort() + "-" + i).daemon(true)
                    .unstarted(new MmsgWorker(fds[i], maxQuery, queries, observer, listener::closing));
            listener.threads.add(thread);
            thread.start();
        }
        return listener;
    }

    private boolean closing() {
        return closing;
    }

    @Override
    public int sockets() {
        return fds.length;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        for (int fd : fds) {
            Libc.shutdownRead(fd);
        }
        boolean interrupted = false;
        for (int i = 0; i < fds.length; i++) {
            Thread thread = threads.get(i);
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
                try {
                    thread.join(JOIN_MILLIS);
                } catch (InterruptedException again) {
                    // give up waiting: the descriptor is left open below rather than closed under the thread
                }
            }
            if (thread.isAlive()) {
                log.warn("event=dns.udp_worker_stuck thread={} fd={} (socket left open)", thread.getName(), fds[i]);
            } else {
                Libc.close(fds[i]);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
