package io.agentsconformance.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.server.model.RunEvent;
import io.agentsconformance.server.model.Times;
import io.agentsconformance.server.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single way a run's state changes. {@link #write} runs a change under the run's lock and in
 * one transaction, together with the events that describe it, which get the run's next sequence
 * numbers; once committed, the events go to the run's live listeners. Because recording and
 * subscribing take the same lock, a subscriber knows where the past events in the database end
 * and the live ones begin, with no gap and no duplicate: the basis of the WebSocket stream.
 */
public final class RunJournal {

    /** Receives a run's events in sequence order; must not block (hand frames to a sender queue). */
    @FunctionalInterface
    public interface Listener {
        void onEvent(RunEvent event);
    }

    /** Ends a subscription; the listener gets no further event. */
    public interface Subscription extends AutoCloseable {
        /**
         * The sequence of the last event recorded when the subscription began: the events up to
         * it are read with {@link #past}, the listener gets every one after it.
         */
        long pastUpTo();

        @Override
        void close();
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);

    private final Store store;
    // Lock striping bounds memory whatever the number of runs; a stripe shared by two runs only
    // makes them take turns for the few milliseconds a write lasts.
    private final ReentrantLock[] stripes = new ReentrantLock[512];
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final ThreadLocal<List<RunEvent>> pending = new ThreadLocal<>();

    public RunJournal(Store store) {
        this.store = store;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Runs {@code change} atomically for the run; nested writes join the outer one. */
    public <T> T write(String runId, Supplier<T> change) {
        ReentrantLock lock = lockOf(runId);
        lock.lock();
        try {
            if (pending.get() != null) {
                return change.get();
            }
            List<RunEvent> recorded = new ArrayList<>();
            pending.set(recorded);
            T result;
            try {
                result = store.db().inTransaction(change);
            } finally {
                pending.remove();
            }
            recorded.forEach(this::publish);
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Records an event of the change in progress; only valid inside {@link #write}. */
    void record(String runId, String type, JsonNode data) {
        List<RunEvent> recorded = pending.get();
        if (recorded == null || !lockOf(runId).isHeldByCurrentThread()) {
            throw new IllegalStateException("events are recorded inside RunJournal.write only");
        }
        RunEvent event = new RunEvent(runId, store.runs().nextEventSeq(runId), type, Times.now(), data);
        store.events().insert(event);
        recorded.add(event);
    }

    /**
     * Registers {@code listener} for the run's events recorded from now on, and says up to which
     * sequence the store already holds the past ones. Taken under the run's lock, the two meet
     * exactly: no event is both past and live, none is neither. The subscriber reads the past at
     * its own pace with {@link #past}, so a long history is never held in memory at once.
     */
    public Subscription subscribe(String runId, Listener listener) {
        ReentrantLock lock = lockOf(runId);
        lock.lock();
        long pastUpTo;
        try {
            pastUpTo = store.runs().lastEventSeq(runId);
            listeners.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(listener);
        } finally {
            lock.unlock();
        }
        return new Subscription() {
            @Override
            public long pastUpTo() {
                return pastUpTo;
            }

            @Override
            public void close() {
                listeners.computeIfPresent(runId, (id, list) -> {
                    list.remove(listener);
                    return list.isEmpty() ? null : list;
                });
            }
        };
    }

    /** Up to {@code limit} recorded events of the run after {@code afterSequence}, in order. */
    public List<RunEvent> past(String runId, long afterSequence, int limit) {
        return store.events().after(runId, afterSequence, limit);
    }

    private void publish(RunEvent event) {
        for (Listener listener : listeners.getOrDefault(event.runId(), List.of())) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener of run {} failed on event {}", event.runId(), event.sequence(), e);
            }
        }
    }

    private ReentrantLock lockOf(String runId) {
        return stripes[Math.floorMod(runId.hashCode(), stripes.length)];
    }
}
