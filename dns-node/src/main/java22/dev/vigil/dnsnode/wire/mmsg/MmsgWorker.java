package dev.vigil.dnsnode.wire.mmsg;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vigil.dnsnode.wire.QueryHandler;
import dev.vigil.dnsnode.wire.QueryObserver;
import dev.vigil.dnsnode.wire.Transport;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's thread, as gdnsd does it: a blocking recvmmsg reads up to {@link #BATCH} datagrams into preallocated
 * native buffers, each is answered, and one sendmmsg sends the answers — two system calls per batch and no Java
 * object per datagram on the common path (the queries and answers are copied through reused arrays). The batch's
 * queries are copied out first and their index lookups started together ({@link QueryHandler#prepare}), so that
 * their cache misses overlap; the answers' metrics are reported once per batch.
 *
 * <p>Native memory, one block: the receive and send mmsghdr vectors, their iovecs, a sockaddr per datagram (the
 * client's address, reused as the answer's destination), the query buffers and the answer buffers.
 */
final class MmsgWorker implements Runnable {

    static final int BATCH = 32;
    private static final Logger log = LoggerFactory.getLogger(MmsgWorker.class);
    /** Room for a sockaddr_in6 (28 bytes), 8-byte aligned. */
    private static final long NAME_SIZE = 32;
    private static final long FAILING_CALL_PAUSE_NANOS = 10_000_000;

    private final int fd;
    private final int maxQuery;
    private final int maxAnswer;
    private final QueryHandler queries;
    private final QueryObserver observer;
    private final BooleanSupplier closing;
    /** The batch's queries, copied out of native memory, so that their lookups can be started together. */
    private final byte[][] batch = new byte[BATCH][];
    private final int[] lengths = new int[BATCH];
    private final long[] prepared = new long[BATCH];
    private final long[] slots = new long[BATCH];
    private final byte[] answer;
    /** What the lookups' early reads returned; kept so that the compiler cannot drop the reads. */
    private int warmed;
    /** Precompiled answers of the current batch by rcode, reported to the observer once per batch. */
    private final int[] answeredByRcode = new int[16];

    private final long recvHeaders = 0;
    private final long sendHeaders = recvHeaders + BATCH * Libc.MMSGHDR_SIZE;
    private final long recvIovecs = sendHeaders + BATCH * Libc.MMSGHDR_SIZE;
    private final long sendIovecs = recvIovecs + BATCH * Libc.IOVEC_SIZE;
    private final long names = sendIovecs + BATCH * Libc.IOVEC_SIZE;
    private final long queryBuffers = names + BATCH * NAME_SIZE;
    private final long answerBuffers;
    private final long size;

    /** Set on the worker's own thread in {@link #run}. */
    private MemorySegment memory;
    private MemorySegment callState;
    private MemorySegment[] sendFrom;

    MmsgWorker(int fd, int maxQuery, QueryHandler queries, QueryObserver observer, BooleanSupplier closing) {
        this.fd = fd;
        this.maxQuery = maxQuery;
        this.maxAnswer = queries.maxUdpPayload();
        this.queries = queries;
        this.observer = observer;
        this.closing = closing;
        for (int i = 0; i < BATCH; i++) {
            batch[i] = new byte[maxQuery];
        }
        this.answer = new byte[maxAnswer];
        this.answerBuffers = align(queryBuffers + (long) BATCH * maxQuery);
        this.size = answerBuffers + (long) BATCH * align(maxAnswer);
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            memory = arena.allocate(size, 64);
            callState = Libc.callState(arena);
            prepare();
            MemorySegment recvVector = memory.asSlice(recvHeaders, BATCH * Libc.MMSGHDR_SIZE);
            while (!closing.getAsBoolean()) {
                try {
                    serveBatch(recvVector);
                } catch (VirtualMachineError e) {
                    if (!(e instanceof StackOverflowError)) {
                        throw e;
                    }
                    observer.failed(Transport.UDP, e);
                } catch (RuntimeException | Error e) {
                    observer.failed(Transport.UDP, e); // a socket serves everyone: never stop on one batch
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("event=dns.udp_worker_stopped fd={} error=\"{}\"", fd, e.toString());
            throw e;
        }
    }

    /** Fixed fields: every header's iovec and (for receiving) name buffer, and every iovec's buffer. */
    private void prepare() {
        long base = memory.address();
        for (int i = 0; i < BATCH; i++) {
            long recv = recvHeaders + i * Libc.MMSGHDR_SIZE;
            long recvIov = recvIovecs + i * Libc.IOVEC_SIZE;
            memory.set(JAVA_LONG, recv + Libc.MSG_NAME, base + names + i * NAME_SIZE);
            memory.set(JAVA_INT, recv + Libc.MSG_NAMELEN, (int) NAME_SIZE);
            memory.set(JAVA_LONG, recv + Libc.MSG_IOV, base + recvIov);
            memory.set(JAVA_LONG, recv + Libc.MSG_IOVLEN, 1);
            memory.set(JAVA_LONG, recvIov + Libc.IOV_BASE, base + queryBuffers + (long) i * maxQuery);
            memory.set(JAVA_LONG, recvIov + Libc.IOV_LEN, maxQuery);

            long send = sendHeaders + i * Libc.MMSGHDR_SIZE;
            long sendIov = sendIovecs + i * Libc.IOVEC_SIZE;
            memory.set(JAVA_LONG, send + Libc.MSG_IOV, base + sendIov);
            memory.set(JAVA_LONG, send + Libc.MSG_IOVLEN, 1);
            memory.set(JAVA_LONG, sendIov + Libc.IOV_BASE, base + answerSlot(i));
        }
        sendFrom = new MemorySegment[BATCH];
        for (int i = 0; i < BATCH; i++) {
            sendFrom[i] = memory.asSlice(sendHeaders + i * Libc.MMSGHDR_SIZE, (BATCH - i) * Libc.MMSGHDR_SIZE);
        }
    }

    private void serveBatch(MemorySegment recvVector) {
        int received = Libc.recvmmsg(callState, fd, recvVector, BATCH, Libc.MSG_WAITFORONE);
        if (received <= 0) {
            if (received < 0) {
                receiveFailed(Libc.errno(callState));
            }
            return;
        }
        if (closing.getAsBoolean()) {
            return; // after shutdown(SHUT_RD) the kernel hands back empty "datagrams"
        }
        for (int i = 0; i < received; i++) {
            int length = Math.min(memory.get(JAVA_INT, recvHeaders + i * Libc.MMSGHDR_SIZE + Libc.MMSG_LEN), maxQuery);
            lengths[i] = length;
            MemorySegment.copy(memory, JAVA_BYTE, queryBuffers + (long) i * maxQuery, batch[i], 0, length);
        }
        prepare(received);
        int answers = 0;
        for (int i = 0; i < received; i++) {
            if (answer(i, answers)) {
                answers++;
            }
            memory.set(JAVA_INT, recvHeaders + i * Libc.MMSGHDR_SIZE + Libc.MSG_NAMELEN, (int) NAME_SIZE);
        }
        reportAnswered();
        send(answers);
    }

    /** Starts the batch's lookups together (their cache misses overlap); on a failure each is made on its own. */
    private void prepare(int received) {
        try {
            warmed += queries.prepare(batch, lengths, received, prepared, slots);
        } catch (RuntimeException e) {
            Arrays.fill(prepared, 0);
            observer.failed(Transport.UDP, e);
        }
    }

    /** Counted before the batch is sent, so a client never sees an answer the metrics do not show yet. */
    private void reportAnswered() {
        for (int rcode = 0; rcode < answeredByRcode.length; rcode++) {
            int count = answeredByRcode[rcode];
            if (count != 0) {
                answeredByRcode[rcode] = 0;
                observer.answered(Transport.UDP, rcode, count);
            }
        }
    }

    private void receiveFailed(int errno) {
        if (errno == Libc.EAGAIN || errno == Libc.EINTR) {
            return; // the receive timeout: look at the closing flag, then wait again
        }
        observer.failed(Transport.UDP, Libc.failure("recvmmsg", errno));
        LockSupport.parkNanos(FAILING_CALL_PAUSE_NANOS); // a persistent error must not spin a core
    }

    /**
     * Answers datagram {@code i} into send slot {@code slot}; false when nothing is to be sent. A datagram longer
     * than the query buffer was cut to it by the kernel (MSG_TRUNC) and is parsed as cut, as with Netty.
     */
    private boolean answer(int i, int slot) {
        long recv = recvHeaders + i * Libc.MMSGHDR_SIZE;
        byte[] query = batch[i];
        int length = lengths[i];
        try {
            byte[] out = answer;
            int n = queries.answerPrecompiledUncounted(query, length, Transport.UDP, answer, prepared[i]);
            if (n >= 0) {
                answeredByRcode[answer[3] & 0x0F]++;
            } else {
                out = queries.handle(Arrays.copyOf(query, length), Transport.UDP, Sockaddr.address(memory, names + i * NAME_SIZE));
                if (out == null) {
                    return false;
                }
                n = out.length;
            }
            if (n > maxAnswer) {
                throw new IllegalStateException("answer of " + n + " bytes exceeds the UDP limit " + maxAnswer);
            }
            MemorySegment.copy(out, 0, memory, JAVA_BYTE, answerSlot(slot), n);
            long send = sendHeaders + slot * Libc.MMSGHDR_SIZE;
            memory.set(JAVA_LONG, send + Libc.MSG_NAME, memory.address() + names + i * NAME_SIZE);
            memory.set(JAVA_INT, send + Libc.MSG_NAMELEN, memory.get(JAVA_INT, recv + Libc.MSG_NAMELEN));
            memory.set(JAVA_LONG, sendIovecs + slot * Libc.IOVEC_SIZE + Libc.IOV_LEN, n);
            return true;
        } catch (RuntimeException | StackOverflowError | UnknownHostException e) {
            observer.failed(Transport.UDP, e);
            return false;
        }
    }

    /** One sendmmsg for the batch; a datagram the kernel refuses (EAGAIN, ENOBUFS, ...) is counted and skipped. */
    private void send(int count) {
        int sent = 0;
        while (sent < count) {
            int n = Libc.sendmmsg(callState, fd, sendFrom[sent], count - sent, 0);
            if (n > 0) {
                sent += n;
                continue;
            }
            int errno = n < 0 ? Libc.errno(callState) : 0;
            if (errno == Libc.EINTR) {
                continue;
            }
            observer.failed(Transport.UDP, new DroppedAnswer(errno));
            sent++;
        }
    }

    private long answerSlot(int slot) {
        return answerBuffers + (long) slot * align(maxAnswer);
    }

    private static long align(long n) {
        return (n + 63) & ~63L;
    }

    /** An answer the kernel would not send; no stack trace (it says nothing, and drops can come in floods). */
    static final class DroppedAnswer extends IOException {
        DroppedAnswer(int errno) {
            super("sendmmsg dropped an answer: errno " + errno, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
