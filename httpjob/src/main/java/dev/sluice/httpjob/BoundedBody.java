package dev.sluice.httpjob;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The first {@code limit} bytes of a response body, and whether there was more. Reading stops (the
 * subscription is cancelled, which closes the connection) as soon as byte {@code limit + 1} arrives,
 * so a huge or endless body never fills memory.
 */
record BoundedBody(byte[] bytes, boolean truncated) {

    static HttpResponse.BodyHandler<BoundedBody> handler(int limit) {
        return info -> new Subscriber(limit);
    }

    /** Collects at most {@code limit} bytes; calls arrive one at a time (Reactive Streams rule 1.3). */
    private static final class Subscriber implements HttpResponse.BodySubscriber<BoundedBody> {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<BoundedBody> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Subscriber(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<BoundedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription value) {
            subscription = value;
            value.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = limit - kept.size();
                int take = Math.min(room, buffer.remaining());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                kept.write(chunk, 0, take);
                if (buffer.hasRemaining()) {
                    subscription.cancel();
                    result.complete(new BoundedBody(kept.toByteArray(), true));
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(new BoundedBody(kept.toByteArray(), false));
        }
    }
}
