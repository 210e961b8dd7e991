package dev.vigil.dnsnode.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * One datagram, one answer, on the event loop that read it (resolution never blocks). Answers are written as they
 * are made and flushed once per read batch, so epoll can send a batch with one sendmmsg call.
 */
@ChannelHandler.Sharable
final class UdpQueryChannelHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final QueryHandler queries;
    private final QueryObserver observer;

    UdpQueryChannelHandler(QueryHandler queries, QueryObserver observer) {
        this.queries = queries;
        this.observer = observer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        byte[] query = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), query);
        byte[] response = queries.handle(query, Transport.UDP, packet.sender().getAddress());
        if (response != null) {
            ByteBuf out = ctx.alloc().directBuffer(response.length).writeBytes(response);
            ctx.write(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
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
