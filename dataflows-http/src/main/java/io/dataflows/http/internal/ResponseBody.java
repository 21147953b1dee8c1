package io.dataflows.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Receives a response body: into memory up to a limit, or into a file's stream. Past the limit it stops the
 * transfer and fails with {@link TooLarge}, so a large body costs no more memory than the limit.
 */
final class ResponseBody implements HttpResponse.BodySubscriber<ResponseBody> {

    /** A body larger than {@code maxresponsebytes}. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("the response body is larger than maxresponsebytes (" + limit + " bytes)");
        }
    }

    private final CompletableFuture<ResponseBody> done = new CompletableFuture<>();
    private final @Nullable ByteArrayOutputStream memory;
    private final @Nullable OutputStream file;
    private final long limit;
    private Flow.@Nullable Subscription subscription;
    private long received;

    private ResponseBody(@Nullable OutputStream file, long limit) {
        this.file = file;
        this.memory = file == null ? new ByteArrayOutputStream() : null;
        this.limit = limit;
    }

    /** A body kept in memory, at most {@code limit} bytes. */
    static ResponseBody inMemory(long limit) {
        return new ResponseBody(null, limit);
    }

    /** A body written to {@code out} (not closed here). */
    static ResponseBody into(OutputStream out) {
        return new ResponseBody(out, Long.MAX_VALUE);
    }

    /** The bytes received; null when they went to a file. */
    byte @Nullable [] bytes() {
        return memory == null ? null : memory.toByteArray();
    }

    /** How many bytes were received. */
    long size() {
        return received;
    }

    /** Whether the body went to a file. */
    boolean isInFile() {
        return file != null;
    }

    @Override
    public CompletionStage<ResponseBody> getBody() {
        return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer b : buffers) {
                int n = b.remaining();
                if (received + n > limit) {
                    subscription.cancel();
                    done.completeExceptionally(new TooLarge(limit));
                    return;
                }
                received += n;
                byte[] chunk = new byte[n];
                b.get(chunk);
                if (file != null) {
                    file.write(chunk);
                } else {
                    memory.write(chunk, 0, n);
                }
            }
            subscription.request(1);
        } catch (IOException e) {
            subscription.cancel();
            done.completeExceptionally(new UncheckedIOException("could not write the response body", e));
        }
    }

    @Override
    public void onError(Throwable e) {
        done.completeExceptionally(e);
    }

    @Override
    public void onComplete() {
        done.complete(this);
    }
}
