package dev.vigil.dnsnode.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/** One datagram, one answer, on the event loop that read it (resolution never blocks). */
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
        byte[] response = queries.handle(query, Transport.UDP);
        if (response != null) {
            ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(response), packet.sender()), ctx.voidPromise());
        }
    }

    /** A UDP socket serves everyone: an error with one packet must never close it. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        observer.failed(Transport.UDP, cause);
    }
}
