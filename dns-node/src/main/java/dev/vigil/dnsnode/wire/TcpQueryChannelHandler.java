package dev.vigil.dnsnode.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One framed query, one framed answer. Pipelined queries are answered in order; writes are flushed once per
 * read batch. An idle, unparseable or failing connection is closed (only that connection).
 */
@ChannelHandler.Sharable
final class TcpQueryChannelHandler extends ChannelInboundHandlerAdapter {

    private final QueryHandler queries;
    private final QueryObserver observer;

    TcpQueryChannelHandler(QueryHandler queries, QueryObserver observer) {
        this.queries = queries;
        this.observer = observer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf frame = (ByteBuf) msg;
            byte[] query = new byte[frame.readableBytes()];
            frame.getBytes(frame.readerIndex(), query);
            byte[] response = queries.handle(query, Transport.TCP, remote(ctx));
            if (response == null) {
                ctx.close();
            } else {
                ctx.write(Unpooled.wrappedBuffer(response), ctx.voidPromise());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private static InetAddress remote(ChannelHandlerContext ctx) {
        return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        observer.failed(Transport.TCP, cause);
        ctx.close();
    }
}
