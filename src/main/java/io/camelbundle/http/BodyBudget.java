package io.camelbundle.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies that may be held in memory at once. A request reserves what its body may take (its
 * Content-Length, or its endpoint's limit when the length is not declared) before the body is read and gives it
 * back when its exchange is over, so many slow senders together cannot hold more than the budget.
 */
final class BodyBudget {

    private final long capacity;
    private final AtomicLong available;

    BodyBudget(long capacity) {
        this.capacity = capacity;
        this.available = new AtomicLong(capacity);
    }

    /** Takes {@code bytes} from the budget if that many are left. */
    boolean tryReserve(long bytes) {
        long left;
        do {
            left = available.get();
            if (left < bytes) {
                return false;
            }
        } while (!available.compareAndSet(left, left - bytes));
        return true;
    }

    void release(long bytes) {
        available.addAndGet(bytes);
    }

    long available() {
        return available.get();
    }

    long capacity() {
        return capacity;
    }
}
