package dev.vigil.dnsnode.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP and TCP listeners on one address. UDP: one SO_REUSEPORT socket per worker thread lets the kernel spread
 * datagrams across cores — served by blocking recvmmsg/sendmmsg threads ({@link UdpIo#MMSG}) or by Netty's epoll
 * event loops; without either, one NIO socket. TCP (Netty) uses 2-byte length framing.
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    static final int TCP_IDLE_SECONDS = 10;
    /** RFC 7766 asks servers to bound connections; more than this are closed as soon as they are accepted. */
    public static final int DEFAULT_TCP_CONNECTIONS = 256;
    /** Largest query datagram read whole (DNS queries are far smaller; a larger one is cut and gets FORMERR). */
    private static final int UDP_MAX_QUERY = 4096;
    /** Datagrams read per recvmmsg call with epoll. */
    private static final int UDP_BATCH = 32;
    private static final int PORT_ATTEMPTS = 5;

    private final EventLoopGroup group;
    private final boolean epoll;
    private final List<Channel> channels = new ArrayList<>();
    private final InetSocketAddress bound;
    private final UdpListener mmsg;

    private DnsServer(EventLoopGroup group, boolean epoll, InetSocketAddress bound, List<Channel> channels,
                      UdpListener mmsg) {
        this.group = group;
        this.epoll = epoll;
        this.bound = bound;
        this.channels.addAll(channels);
        this.mmsg = mmsg;
    }

    /** Binds UDP and TCP on {@code listen} (port 0: one free port shared by both). */
    public static DnsServer start(InetSocketAddress listen, int workers, QueryHandler queries, QueryObserver observer)
            throws InterruptedException, BindException {
        return start(listen, workers, DEFAULT_TCP_CONNECTIONS, queries, observer);
    }

    public static DnsServer start(InetSocketAddress listen, int workers, int tcpMaxConnections, QueryHandler queries,
                                  QueryObserver observer) throws InterruptedException, BindException {
        return start(listen, workers, tcpMaxConnections, UdpIo.AUTO, queries, observer);
    }

    /**
     * As above, with the UDP I/O chosen: {@link UdpIo#MMSG} fails (UnsupportedOperationException) where it cannot
     * run; {@link UdpIo#AUTO} then uses Netty.
     */
    public static DnsServer start(InetSocketAddress listen, int workers, int tcpMaxConnections, UdpIo udpIo,
                                  QueryHandler queries, QueryObserver observer) throws InterruptedException, BindException {
        UdpListener.Starter starter = switch (udpIo) {
            case NETTY -> null;
            case MMSG -> MmsgUdp.starter();
            case AUTO -> MmsgUdp.unsupportedReason() == null ? autoStarter() : null;
        };
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(workers,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        TcpQueryChannelHandler tcp = new TcpQueryChannelHandler(queries, observer);
        TcpConnectionLimit limit = new TcpConnectionLimit(tcpMaxConnections);
        try {
            for (int attempt = 1; ; attempt++) {
                List<Channel> channels = new ArrayList<>();
                try {
                    Channel tcpChannel = bindTcp(group, epoll, listen, limit, tcp);
                    channels.add(tcpChannel);
                    InetSocketAddress bound = (InetSocketAddress) tcpChannel.localAddress();
                    UdpListener mmsg = null;
                    if (starter != null) {
                        try {
                            mmsg = starter.start(bound, workers, UDP_MAX_QUERY, queries, observer);
                        } catch (BindException e) {
                            throw e;
                        } catch (IOException e) {
                            if (udpIo == UdpIo.MMSG) {
                                throw e;
                            }
                            log.warn("event=dns.udp_io_fallback udp_io=netty reason=\"{}\"", e.getMessage());
                            starter = null;
                        }
                    }
                    if (mmsg == null) {
                        channels.addAll(bindUdp(group, epoll, bound, workers, queries, observer));
                    }
                    DnsServer server = new DnsServer(group, epoll, bound, channels, mmsg);
                    log.info("event=dns.listening address={} transport={} udp_io={} udp_sockets={}",
                            hostPort(bound), epoll ? "epoll" : "nio", server.udpIo().label(),
                            mmsg != null ? mmsg.sockets() : channels.size() - 1);
                    return server;
                } catch (Exception e) {
                    channels.forEach(Channel::close);
                    if (listen.getPort() != 0 || attempt >= PORT_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            BindException bind = new BindException("cannot listen on " + hostPort(listen) + ": " + e.getMessage());
            bind.initCause(e);
            throw bind;
        }
    }

    /** AUTO: mmsg when its socket calls can be bound here, else Netty. */
    private static UdpListener.Starter autoStarter() {
        try {
            return MmsgUdp.starter();
        } catch (UnsupportedOperationException e) {
            log.warn("event=dns.udp_io_fallback udp_io=netty reason=\"{}\"", e.getMessage());
            return null;
        }
    }

    private static Channel bindTcp(EventLoopGroup group, boolean epoll, InetSocketAddress address,
                                   TcpConnectionLimit limit, TcpQueryChannelHandler handler) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                limit,
                                new IdleStateHandler(0, 0, TCP_IDLE_SECONDS, TimeUnit.SECONDS),
                                new LengthFieldBasedFrameDecoder(QueryHandler.MAX_TCP_MESSAGE, 0, 2, 0, 2),
                                new LengthFieldPrepender(2),
                                handler);
                    }
                });
        return b.bind(address).sync().channel();
    }

    private static List<Channel> bindUdp(EventLoopGroup group, boolean epoll, InetSocketAddress address, int workers,
                                         QueryHandler queries, QueryObserver observer) throws InterruptedException {
        // An IPv4 address gets an IPv4 socket: a dual-stack one costs every datagram a v4-mapped address conversion.
        SocketProtocolFamily family = address.getAddress() instanceof Inet4Address
                ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        Bootstrap b = new Bootstrap()
                .group(group)
                .option(ChannelOption.ALLOCATOR, udpAllocator(workers))
                .channelFactory(epoll ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) { // one handler per socket: it owns its buffers
                        ch.pipeline().addLast(new UdpQueryChannelHandler(queries, observer, UDP_MAX_QUERY));
                    }
                });
        if (epoll) {
            // recvmmsg: one syscall reads up to UDP_BATCH datagrams, each at most UDP_MAX_QUERY bytes.
            b.option(EpollChannelOption.SO_REUSEPORT, true)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_MAX_QUERY)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_MAX_QUERY * UDP_BATCH));
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_MAX_QUERY));
        }
        List<Channel> channels = new ArrayList<>();
        int sockets = epoll ? workers : 1;
        try {
            for (int i = 0; i < sockets; i++) {
                channels.add(b.bind(address).sync().channel()); // each bind lands on the next event loop
            }
        } catch (InterruptedException | RuntimeException e) {
            channels.forEach(Channel::close);
            throw e;
        }
        return channels;
    }

    /**
     * Buffers for datagrams: pooled, with a cache per event-loop thread and one small arena per worker. Netty's
     * default (adaptive) allocator turns its per-thread magazines off in a heap under 512 MB, so with our small heap
     * the workers would share, and contend for, its buffers.
     */
    private static ByteBufAllocator udpAllocator(int workers) {
        return new PooledByteBufAllocator(true, 0, workers, 8192, 6, 256, 64, false); // 512 KiB chunks
    }

    public InetSocketAddress address() {
        return bound;
    }

    public int port() {
        return bound.getPort();
    }

    public boolean usesEpoll() {
        return epoll;
    }

    /** How the UDP sockets are served: {@link UdpIo#MMSG} or {@link UdpIo#NETTY}. */
    public UdpIo udpIo() {
        return mmsg != null ? UdpIo.MMSG : UdpIo.NETTY;
    }

    @Override
    public void close() {
        if (mmsg != null) {
            mmsg.close();
        }
        channels.forEach(c -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
