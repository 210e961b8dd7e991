package dev.vigil.dnsnode.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.util.Arrays;

/**
 * One datagram, one answer, on the event loop that read it (resolution never blocks). Answers are written as they
 * are made and flushed once per read batch, so epoll can send a batch with one sendmmsg call.
 *
 * <p>One instance per socket (so per event-loop thread): the query is copied into this handler's buffer and the
 * common answer is written into another, then straight into the outgoing direct buffer — no array per datagram.
 * Anything else goes through {@link QueryHandler#handle} with an exact copy of the packet.
 */
final class UdpQueryChannelHandler extends ChannelInboundHandlerAdapter {

    private final QueryHandler queries;
    private final QueryObserver observer;
    private final byte[] query;
    private final byte[] answer;

    UdpQueryChannelHandler(QueryHandler queries, QueryObserver observer, int maxQuery) {
        this.queries = queries;
        this.observer = observer;
        this.query = new byte[maxQuery];
        this.answer = new byte[queries.maxUdpPayload()];
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            ByteBuf content = packet.content();
            int length = Math.min(content.readableBytes(), query.length);
            content.getBytes(content.readerIndex(), query, 0, length);
            ByteBuf out;
            int n = queries.answerPrecompiled(query, length, Transport.UDP, answer);
            if (n >= 0) {
                out = ctx.alloc().directBuffer(n).writeBytes(answer, 0, n);
            } else {
                byte[] response = queries.handle(Arrays.copyOf(query, length), Transport.UDP, packet.sender().getAddress());
                if (response == null) {
                    return;
                }
                out = ctx.alloc().directBuffer(response.length).writeBytes(response);
            }
            ctx.write(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    /** A UDP socket serves everyone: an error with one packet must never close it. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        observer.failed(Transport.UDP, cause);
    }
}
